package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigateway.logs.LogAnnotations.Field;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a Logs API PATCH may change, read without a database. */
class LogAnnotationsTest {

    @Test
    void presentFieldsAreSetAndNullClears() {
        Map<Field, Object> expected = new HashMap<>();
        expected.put(Field.FEEDBACK, null);
        expected.put(Field.SCORE, 100);
        expected.put(Field.METADATA, "{\"reviewed\":true}");
        assertThat(LogAnnotations.parse("{\"feedback\":null,\"score\":100,\"metadata\":{\"reviewed\":true}}")
                        .changes())
                .isEqualTo(expected);
        assertThat(LogAnnotations.parse("{\"metadata\":null}").changes()).containsEntry(Field.METADATA, null);
        assertThat(LogAnnotations.parse("{\"feedback\":1.0}").changes()).containsEntry(Field.FEEDBACK, (short) 1);
    }

    @Test
    void anEmptyBodyOrUnknownFieldsChangeNothing() {
        assertThat(LogAnnotations.parse(null).isEmpty()).isTrue();
        assertThat(LogAnnotations.parse("  ").isEmpty()).isTrue();
        assertThat(LogAnnotations.parse("{\"model\":\"x\"}").isEmpty()).isTrue();
    }

    @Test
    void valuesAFieldCannotTakeAreRefused() {
        assertThatThrownBy(() -> LogAnnotations.parse("[1]"))
                .isInstanceOf(LogQuery.Invalid.class)
                .hasMessage("The body must be a JSON object");
        assertThatThrownBy(() -> LogAnnotations.parse("{not json")).hasMessage("The body must be a JSON object");
        for (String feedback : new String[] {"2", "-2", "0.5", "\"1\"", "true"}) {
            assertThatThrownBy(() -> LogAnnotations.parse("{\"feedback\":" + feedback + "}"))
                    .as(feedback)
                    .hasMessage("feedback must be -1, 0, 1 or null");
        }
        assertThatThrownBy(() -> LogAnnotations.parse("{\"score\":\"high\"}"))
                .hasMessage("score must be a number or null");
        assertThatThrownBy(() -> LogAnnotations.parse("{\"metadata\":[1]}"))
                .hasMessage("metadata must be a flat object or null");
        assertThatThrownBy(() -> LogAnnotations.parse("{\"metadata\":{\"a\":{\"b\":1}}}"))
                .hasMessage("metadata values must be strings, numbers or booleans");
        assertThatThrownBy(() -> LogAnnotations.parse("{\"metadata\":{\"a\":\"x\\u0000\"}}"))
                .hasMessageStartingWith("metadata: keys and values must not contain NUL");
    }
}
