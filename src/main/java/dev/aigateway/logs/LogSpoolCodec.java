package dev.aigateway.logs;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Built rows (a request-log row and its payload) as bytes and back, for {@link LogSpool}: every column of both tables,
 * in a fixed order, each nullable value behind a presence byte. {@code LogSpoolCodecTest} round-trips every field of
 * both entities, so a column added to an entity and not here fails the build. A file starts with {@link #VERSION}: a
 * spool written by another version of this format is not read (its files are set aside, never half-read).
 */
final class LogSpoolCodec {

    /** Format version of a spool file's content. */
    static final int VERSION = 1;

    private LogSpoolCodec() {}

    static void write(DataOutputStream out, List<LogRow> rows) throws IOException {
        out.writeInt(VERSION);
        out.writeInt(rows.size());
        for (LogRow row : rows) {
            writeLog(out, row.log());
            LogPayloadEntity p = row.payload();
            out.writeBoolean(p != null);
            if (p != null) {
                bytes(out, p.requestBody);
                bytes(out, p.responseBody);
                out.writeBoolean(p.requestTruncated);
                out.writeBoolean(p.responseTruncated);
            }
        }
    }

    /** The rows of a spool file; an {@link IOException} for a file of another version or cut short. */
    static List<LogRow> read(DataInputStream in) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("spool format " + version + ", this gateway reads " + VERSION);
        }
        int n = in.readInt();
        List<LogRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            RequestLogEntity log = readLog(in);
            LogPayloadEntity p = null;
            if (in.readBoolean()) {
                p = new LogPayloadEntity();
                p.logId = log.id;
                p.requestBody = bytes(in);
                p.responseBody = bytes(in);
                p.requestTruncated = in.readBoolean();
                p.responseTruncated = in.readBoolean();
            }
            rows.add(new LogRow(log, p));
        }
        return rows;
    }

    private static void writeLog(DataOutputStream out, RequestLogEntity r) throws IOException {
        out.writeLong(r.id.getMostSignificantBits());
        out.writeLong(r.id.getLeastSignificantBits());
        out.writeLong(r.createdAt.getEpochSecond());
        out.writeInt(r.createdAt.getNano());
        text(out, r.gatewayId);
        text(out, r.provider);
        text(out, r.model);
        text(out, r.path);
        text(out, r.requestType);
        out.writeBoolean(r.success);
        out.writeInt(r.statusCode);
        out.writeBoolean(r.cached);
        out.writeInt(r.durationMs);
        integer(out, r.ttfbMs);
        number(out, r.tokensIn);
        number(out, r.tokensOut);
        number(out, r.cachedTokens);
        number(out, r.cacheWriteTokens);
        number(out, r.reasoningTokens);
        text(out, r.cost == null ? null : r.cost.toPlainString());
        out.writeBoolean(r.customCost);
        text(out, r.metadata);
        text(out, r.requestContentType);
        text(out, r.responseContentType);
        integer(out, r.step);
        integer(out, r.attempt);
        text(out, r.eventId);
        out.writeBoolean(r.truncated);
        text(out, r.userAgent);
        text(out, r.errorClass);
        out.writeBoolean(r.authenticated);
        text(out, r.ingressFormat);
        text(out, r.route);
        text(out, r.routeVersion);
        text(out, r.routeNode);
        text(out, r.cacheKind);
        out.writeBoolean(r.cacheSimilarity != null);
        if (r.cacheSimilarity != null) {
            out.writeDouble(r.cacheSimilarity);
        }
        text(out, r.keyAlias);
        text(out, r.usageRaw);
        out.writeBoolean(r.feedback != null);
        if (r.feedback != null) {
            out.writeShort(r.feedback);
        }
        integer(out, r.score);
        number(out, r.requestSize);
        number(out, r.responseSize);
        out.writeBoolean(r.payloadStored);
    }

    private static RequestLogEntity readLog(DataInputStream in) throws IOException {
        RequestLogEntity r = new RequestLogEntity();
        r.id = new UUID(in.readLong(), in.readLong());
        r.createdAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
        r.gatewayId = text(in);
        r.provider = text(in);
        r.model = text(in);
        r.path = text(in);
        r.requestType = text(in);
        r.success = in.readBoolean();
        r.statusCode = in.readInt();
        r.cached = in.readBoolean();
        r.durationMs = in.readInt();
        r.ttfbMs = integer(in);
        r.tokensIn = number(in);
        r.tokensOut = number(in);
        r.cachedTokens = number(in);
        r.cacheWriteTokens = number(in);
        r.reasoningTokens = number(in);
        String cost = text(in);
        r.cost = cost == null ? null : new BigDecimal(cost);
        r.customCost = in.readBoolean();
        r.metadata = text(in);
        r.requestContentType = text(in);
        r.responseContentType = text(in);
        r.step = integer(in);
        r.attempt = integer(in);
        r.eventId = text(in);
        r.truncated = in.readBoolean();
        r.userAgent = text(in);
        r.errorClass = text(in);
        r.authenticated = in.readBoolean();
        r.ingressFormat = text(in);
        r.route = text(in);
        r.routeVersion = text(in);
        r.routeNode = text(in);
        r.cacheKind = text(in);
        r.cacheSimilarity = in.readBoolean() ? in.readDouble() : null;
        r.keyAlias = text(in);
        r.usageRaw = text(in);
        r.feedback = in.readBoolean() ? in.readShort() : null;
        r.score = integer(in);
        r.requestSize = number(in);
        r.responseSize = number(in);
        r.payloadStored = in.readBoolean();
        return r;
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        bytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(DataInputStream in) throws IOException {
        byte[] b = bytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private static void integer(DataOutputStream out, Integer v) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeInt(v);
        }
    }

    private static Integer integer(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }

    private static void number(DataOutputStream out, Long v) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeLong(v);
        }
    }

    private static Long number(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }
}
