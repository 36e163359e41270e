package dev.aigateway.proxy;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Lowercase UUIDv7 ids (RFC 9562): 48-bit Unix milliseconds, then random bits; sortable by creation time. */
public final class RequestIds {

    private RequestIds() {}

    public static String newId() {
        return uuid7(System.currentTimeMillis()).toString();
    }

    static UUID uuid7(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
