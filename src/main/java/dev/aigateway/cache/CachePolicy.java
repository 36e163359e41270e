package dev.aigateway.cache;

import dev.aigateway.provider.WireFormat;
import dev.aigateway.request.BodyFacts;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Locale;

/**
 * What may be cached (providers.md §8 rule 8): never stateful calls, never generated media by default, never
 * deliberately varied samples, never a non-2xx or unfinished response.
 */
public final class CachePolicy {

    private CachePolicy() {}

    /**
     * Whether a request may be answered from (and stored into) the cache: its API allows it (the call's wire format,
     * worked out once from the provider and path: stateful and media APIs never) and its body is not stateful or
     * deliberately sampled.
     */
    public static boolean requestCacheable(WireFormat format, BodyFacts facts) {
        return format.cacheable() && !facts.stateful() && !facts.sampledMany();
    }

    /**
     * Whether a forwarded response may be stored.
     *
     * @param streamFinished an event stream ended with its terminal event, not a failure (as the response's one scan
     *     judged it: a truncated stream is never stored)
     */
    public static boolean responseCacheable(int status, MultiMap headers, boolean streamFinished) {
        if (status < 200 || status > 299) {
            return false;
        }
        String cacheControl = headers.get(HttpHeaders.CACHE_CONTROL);
        if (cacheControl != null && cacheControl.toLowerCase(Locale.ROOT).contains("no-store")) {
            return false;
        }
        String type = headers.get(HttpHeaders.CONTENT_TYPE);
        return type == null || !type.startsWith("text/event-stream") || streamFinished;
    }
}
