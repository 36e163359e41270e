package dev.aigateway.cache;

import dev.aigateway.provider.WireFormat;
import dev.aigateway.request.BodyFacts;

/**
 * Which cache misses wait for an identical request already in flight. A streaming request never does: a waiter only
 * gets the leader's response once it is whole and stored, so its time to first byte would be the leader's whole
 * generation (up to the coalesce timeout). It goes upstream itself instead, and its stream starts at once; identical
 * requests after the first stream is stored are still answered from the cache.
 */
public final class Coalescing {

    private Coalescing() {}

    /** Whether a miss for this request may wait for an identical leader (false for streaming requests). */
    public static boolean mayWait(WireFormat format, BodyFacts facts) {
        return !streams(format, facts);
    }

    /** A streaming request: {@code "stream": true} at the top of its JSON body, or a format that streams by path. */
    static boolean streams(WireFormat format, BodyFacts facts) {
        return format.streamsByPath() || facts.stream();
    }
}
