package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.Column;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The writer's bulk insert names every column the log entities map: a column added to an entity and not to
 * {@link LogBulkInsert} would be written as null without a word.
 */
class LogBulkInsertTest {

    private static List<String> mapped(Class<?> entity) {
        return Arrays.stream(entity.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getModifiers()))
                .map(LogBulkInsertTest::column)
                .toList();
    }

    private static String column(Field f) {
        Column c = f.getAnnotation(Column.class);
        if (c != null && !c.name().isEmpty()) {
            return c.name();
        }
        return f.getName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
    }

    @Test
    void theRowInsertWritesEveryMappedColumn() {
        assertThat(LogBulkInsert.rowColumns()).containsExactlyInAnyOrderElementsOf(mapped(RequestLogEntity.class));
    }

    @Test
    void thePayloadInsertWritesEveryMappedColumn() {
        assertThat(LogBulkInsert.payloadColumns()).containsExactlyInAnyOrderElementsOf(mapped(LogPayloadEntity.class));
    }
}
