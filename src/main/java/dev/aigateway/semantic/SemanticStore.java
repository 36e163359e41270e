package dev.aigateway.semantic;

import dev.aigateway.cache.CacheKey;
import dev.aigateway.cache.CachedResponse;
import dev.aigateway.redis.RedisCalls;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The semantic cache in Redis, shared by every replica. A stored response is kept as the exact cache keeps its
 * entries ({@link CachedResponse} bytes under the gateway's cache prefix, so a cache purge deletes it too, with the
 * entry's TTL); the entry itself — gateway, partition, id, vector, expiry — is appended to one Redis stream (trimmed
 * to about {@link #STREAM_MAX} entries), which each replica reads from the start at start-up and then polls for what
 * the others added (each entry names the replica that added it).
 */
final class SemanticStore {

    static final String STREAM = RedisCalls.PREFIX + "semantic:entries";
    /** The stream's approximate length bound (every gateway's entries; older ones are trimmed). */
    static final long STREAM_MAX = 1_000_000;

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final RedisCalls redis;
    private final Duration lookupTimeout;
    private final String stream;
    /**
     * This replica's mark on the entries it announces: it indexed them when it stored them, so its poller skips them
     * (indexing one again after it was evicted here would bring it back and evict a more recently used one).
     */
    private final String replica = UUID.randomUUID().toString();

    SemanticStore(RedisCalls redis, Duration lookupTimeout, String stream) {
        this.redis = redis;
        this.lookupTimeout = lookupTimeout;
        this.stream = stream;
    }

    /** An entry read from the stream. */
    record StreamEntry(
            String streamId,
            String gateway,
            String partition,
            String id,
            float[] vector,
            long expiresAt,
            boolean own) {}

    /** A page of the stream and the id to read after. */
    record Page(List<StreamEntry> entries, String last) {}

    static String responseKey(String gateway, String id) {
        return CacheKey.entryPrefix(gateway) + "semantic:" + id;
    }

    /** A stored response and the prompt text it answered (the exact guards compare it, {@link SemanticGuard}). */
    record Stored(String text, CachedResponse response) {}

    /** The stored response of an entry; null when it is gone or unreadable. Fails when Redis fails or is slow. */
    Future<Stored> response(String gateway, String id) {
        return redis.send(Request.cmd(Command.GET).arg(responseKey(gateway, id)), lookupTimeout)
                .map(r -> r == null || r.type() != ResponseType.BULK ? null : decode(r.toBuffer()));
    }

    /** {@code [text length][text, UTF-8][CachedResponse bytes]}; null when unreadable. */
    static Stored decode(Buffer value) {
        try {
            int length = value.getInt(0);
            if (length < 0 || length > value.length() - 4) {
                return null;
            }
            String text = value.getString(4, 4 + length, "UTF-8");
            CachedResponse response = CachedResponse.decode(value.getBuffer(4 + length, value.length()));
            return response == null ? null : new Stored(text, response);
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Stores the response and its prompt text (with its TTL), then announces the entry to every replica. */
    Future<Void> store(
            String gateway, String partition, String id, float[] vector, long ttlMillis, String text, Buffer response) {
        long expiresAt = System.currentTimeMillis() + ttlMillis;
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Buffer value = Buffer.buffer(4 + utf8.length + response.length())
                .appendInt(utf8.length)
                .appendBytes(utf8)
                .appendBuffer(response);
        Request set = Request.cmd(Command.SET)
                .arg(responseKey(gateway, id))
                .arg(value)
                .arg("PX")
                .arg(ttlMillis);
        return redis.send(set, STORE_TIMEOUT)
                .compose(ok -> redis.send(
                        Request.cmd(Command.XADD)
                                .arg(stream)
                                .arg("MAXLEN")
                                .arg("~")
                                .arg(STREAM_MAX)
                                .arg("*")
                                .arg("g")
                                .arg(gateway)
                                .arg("p")
                                .arg(partition)
                                .arg("i")
                                .arg(id)
                                .arg("x")
                                .arg(expiresAt)
                                .arg("v")
                                .arg(Buffer.buffer(bytes(vector)))
                                .arg("r")
                                .arg(replica),
                        STORE_TIMEOUT))
                .mapEmpty();
    }

    /** Up to {@code count} entries after stream id {@code after} ({@code 0-0}: from the start). */
    Future<Page> read(String after, int count) {
        Request range = Request.cmd(Command.XRANGE)
                .arg(stream)
                .arg("(" + after)
                .arg("+")
                .arg("COUNT")
                .arg(count);
        return redis.send(range, READ_TIMEOUT).map(r -> {
            List<StreamEntry> entries = new ArrayList<>();
            String last = after;
            if (r != null) {
                for (Response item : r) {
                    last = item.get(0).toString();
                    StreamEntry e = entry(last, item.get(1), replica);
                    if (e != null) {
                        entries.add(e);
                    }
                }
            }
            return new Page(entries, last);
        });
    }

    private static StreamEntry entry(String streamId, Response fields, String replica) {
        String gateway = null;
        boolean own = false;
        String partition = null;
        String id = null;
        long expires = 0;
        float[] vector = null;
        try {
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                Response value = fields.get(i + 1);
                switch (fields.get(i).toString()) {
                    case "g" -> gateway = value.toString();
                    case "p" -> partition = value.toString();
                    case "i" -> id = value.toString();
                    case "x" -> expires = Long.parseLong(value.toString());
                    case "v" -> vector = floats(value.toBytes());
                    case "r" -> own = replica.equals(value.toString());
                    default -> {
                        // a later layout's field
                    }
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        if (gateway == null || partition == null || id == null || vector == null) {
            return null;
        }
        return new StreamEntry(streamId, gateway, partition, id, vector, expires, own);
    }

    static byte[] bytes(float[] vector) {
        ByteBuffer b = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
            b.putFloat(f);
        }
        return b.array();
    }

    static float[] floats(byte[] bytes) {
        if (bytes.length != Embedder.DIMENSIONS * 4) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.length / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }
}
