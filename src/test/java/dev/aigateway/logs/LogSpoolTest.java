package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool's files: what goes in comes out, whole or not at all, within its bound, one process at a time. */
class LogSpoolTest {

    @TempDir
    Path dir;

    /** Every field of both entities set to a value that is not its default (a field the codec forgot fails). */
    static LogRow fullRow() throws IllegalAccessException {
        RequestLogEntity log = new RequestLogEntity();
        int n = 1;
        for (Field f : RequestLogEntity.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getName().startsWith("$$")) {
                continue;
            }
            f.set(log, sample(f.getType(), n++));
        }
        LogPayloadEntity payload = new LogPayloadEntity();
        payload.logId = log.id;
        payload.requestBody = "{\"q\":\"é\"}".getBytes();
        payload.responseBody = new byte[] {0, 1, 2, (byte) 0xff};
        payload.requestTruncated = true;
        payload.responseTruncated = true;
        return new LogRow(log, payload);
    }

    private static Object sample(Class<?> type, int n) {
        if (type == UUID.class) return UUID.randomUUID();
        if (type == Instant.class) return Instant.ofEpochSecond(1_700_000_000L + n, 123_456_789);
        if (type == String.class) return "v" + n + " ü";
        if (type == boolean.class || type == Boolean.class) return true;
        if (type == int.class || type == Integer.class) return 1000 + n;
        if (type == long.class || type == Long.class) return 10_000_000_000L + n;
        if (type == short.class || type == Short.class) return (short) n;
        if (type == double.class || type == Double.class) return 0.5 + n;
        if (type == BigDecimal.class) return new BigDecimal("0.000012345678901234567890");
        throw new AssertionError("no sample for " + type);
    }

    @Test
    void everyColumnOfBothEntitiesRoundTrips() throws Exception {
        LogRow row = fullRow();
        RequestLogEntity bare = new RequestLogEntity();
        bare.id = UUID.randomUUID();
        bare.createdAt = Instant.now();
        List<LogRow> rows = List.of(row, new LogRow(bare, null));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        LogSpoolCodec.write(new DataOutputStream(buf), rows);
        List<LogRow> back = LogSpoolCodec.read(new DataInputStream(new ByteArrayInputStream(buf.toByteArray())));
        assertThat(back).hasSize(2);
        assertThat(back.get(0).log()).usingRecursiveComparison().isEqualTo(row.log());
        assertThat(back.get(0).payload()).usingRecursiveComparison().isEqualTo(row.payload());
        assertThat(back.get(1).log()).usingRecursiveComparison().isEqualTo(bare);
        assertThat(back.get(1).payload()).isNull();
    }

    @Test
    void batchesComeBackOldestFirstAndGoOnceDeleted() throws Exception {
        LogSpool spool = LogSpool.open(dir, 1 << 20);
        assertThat(spool.enabled()).isTrue();
        LogRow a = fullRow();
        LogRow b = fullRow();
        assertThat(spool.append(List.of(a))).isTrue();
        assertThat(spool.append(List.of(b, fullRow()))).isTrue();
        assertThat(spool.rows()).isEqualTo(3);
        assertThat(spool.bytes()).isPositive();
        LogSpool.Segment first = spool.oldest();
        assertThat(first.again).isFalse();
        assertThat(spool.read(first)).singleElement().satisfies(r -> assertThat(r.log().id)
                .isEqualTo(a.log().id));
        spool.delete(first);
        assertThat(Files.exists(first.file)).isFalse();
        LogSpool.Segment second = spool.oldest();
        assertThat(spool.read(second).get(0).log().id).isEqualTo(b.log().id);
        assertThat(spool.rows()).isEqualTo(2);
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(second.file)))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void aFullSpoolRefusesUntilAFileGoes() throws Exception {
        List<LogRow> batch = List.of(fullRow(), fullRow());
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        LogSpoolCodec.write(new DataOutputStream(one), batch);
        LogSpool spool = LogSpool.open(dir, one.size() * 3 / 2); // room for one such batch, not two
        assertThat(spool.append(batch)).isTrue();
        assertThat(spool.append(batch)).isFalse();
        assertThat(spool.accepts()).isFalse();
        assertThat(spool.rows()).isEqualTo(2);
        spool.delete(spool.oldest());
        assertThat(spool.accepts()).isTrue();
    }

    @Test
    void aSecondProcessOnTheSameDirectoryRunsWithoutOne() throws Exception {
        LogSpool first = LogSpool.open(dir, 1 << 20);
        assertThat(first.enabled()).isTrue();
        // a FileLock is per process: another JVM is what would be refused; in one JVM, the overlapping lock
        // attempt throws, which open() reports the same way
        LogSpool second = LogSpool.open(dir, 1 << 20);
        assertThat(second.enabled()).isFalse();
        assertThat(second.accepts()).isFalse();
    }

    @Test
    void filesOfAnEarlierRunAreFoundAndOddOnesSetAside() throws Exception {
        Path earlier = dir.resolve("earlier");
        Files.createDirectories(earlier);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<LogRow> rows = new ArrayList<>(List.of(fullRow(), fullRow(), fullRow()));
        LogSpoolCodec.write(new DataOutputStream(buf), rows);
        Files.write(earlier.resolve("12.rows"), buf.toByteArray());
        byte[] cut = java.util.Arrays.copyOf(buf.toByteArray(), buf.size() / 2);
        Files.write(earlier.resolve("13.rows"), cut);
        Files.write(earlier.resolve("3.rows"), new byte[] {0, 0, 0, 9, 0, 0, 0, 1}); // another format
        Files.writeString(earlier.resolve("14.tmp"), "cut short");

        LogSpool spool = LogSpool.open(earlier, 1 << 20);
        assertThat(spool.rows()).isEqualTo(6);
        assertThat(earlier.resolve("14.tmp")).doesNotExist();
        assertThat(earlier.resolve("3.rows.v9")).exists();
        LogSpool.Segment s12 = spool.oldest();
        assertThat(s12.again).isTrue(); // perhaps committed just before that process died
        assertThat(spool.read(s12)).hasSize(3);
        spool.delete(s12);
        LogSpool.Segment s13 = spool.oldest();
        assertThat(spool.read(s13)).isNull();
        assertThat(earlier.resolve("13.rows.unreadable")).exists();
        assertThat(spool.rows()).isZero();
        assertThat(spool.append(List.of(fullRow()))).isTrue();
        assertThat(spool.oldest().file.getFileName().toString()).isEqualTo("14.rows");
    }

    @Test
    void anUnusableDirectoryMeansNoSpool() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThat(LogSpool.open(file.resolve("spool"), 1 << 20).enabled()).isFalse();
    }
}
