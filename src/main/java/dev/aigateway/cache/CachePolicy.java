package dev.aigateway.cache;

import dev.aigateway.request.BodyFacts;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.List;
import java.util.Locale;

/**
 * What may be cached (providers.md §8 rule 8): never stateful calls, never generated media by default, never
 * deliberately varied samples, never a non-2xx or unfinished response.
 */
public final class CachePolicy {

    /** Path segments of stateful or media-generating APIs (threads, files, batches, realtime, images, speech...). */
    private static final List<String> NEVER_CACHED_PATHS = List.of(
            "/assistants",
            "/threads",
            "/files",
            "/uploads",
            "/batches",
            "/fine_tuning",
            "/fine-tuning",
            "/vector_stores",
            "/realtime",
            "/conversations",
            "/containers",
            "/images/",
            "/audio/speech",
            "/videos");

    private CachePolicy() {}

    /** Whether a request may be answered from (and stored into) the cache. */
    public static boolean requestCacheable(String upstreamUri, BodyFacts facts) {
        String path = upstreamUri;
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        String lower = path.toLowerCase(Locale.ROOT);
        for (String p : NEVER_CACHED_PATHS) {
            if (lower.contains(p)) {
                return false;
            }
        }
        // Retrieving a stored response by id (GET /v1/responses/{id}) reads state that changes until it completes.
        if (lower.matches(".*/responses/[^/]+(/.*)?")) {
            return false;
        }
        return !facts.stateful() && !facts.sampledMany();
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
