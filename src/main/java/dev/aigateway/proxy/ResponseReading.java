package dev.aigateway.proxy;

import dev.aigateway.ratelimit.LimitRule;
import dev.aigateway.stream.BodyCapture;
import dev.aigateway.stream.ResponseListener;
import dev.aigateway.stream.ResponseScan;
import dev.aigateway.usage.ResponseUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * The one reading of a call's response, shared by everyone who needs it: one scan of an event stream
 * ({@link ResponseScan}: how it ended, for the relay's truncation check and the cache recorder), one read of its
 * usage ({@link ResponseUsage}, for the limit settler and the log row), both watching the bytes as the provider sent
 * them, and one bounded copy of the body the client received ({@link BodyCapture}: what the cache stores and a JSON
 * body's usage is parsed from; a gateway that caches and limits tokens keeps one copy, not two).
 *
 * @param usage null when nobody reads the usage (no log row, no token limit)
 * @param capture null when nobody may need the whole body (no usage read, no cache)
 */
record ResponseReading(ResponseScan scan, ResponseUsage usage, BodyCapture capture) {

    /**
     * @param maxBodyBytes the largest body kept whole (to read its usage from, to store in the cache)
     */
    static ResponseReading of(RequestContext ctx, PreparedCall call, long maxBodyBytes) {
        boolean usageRead =
                ctx.log() != null || call.gateway().limits().stream().anyMatch(LimitRule::tokens);
        BodyCapture capture = usageRead || call.cache() != null ? new BodyCapture(maxBodyBytes) : null;
        ResponseUsage usage = usageRead ? new ResponseUsage(call.provider().slug(), capture) : null;
        ResponseScan scan = usage == null
                ? new ResponseScan(call.provider().rules().streamEnd(call.format()))
                : new ResponseScan(call.provider().rules().streamEnd(call.format()), usage.events());
        return new ResponseReading(scan, usage, capture);
    }

    /** {@code watchers} after this reading's own (which come first: the others may ask them at the end). */
    List<ResponseListener> before(List<ResponseListener> watchers) {
        List<ResponseListener> all = new ArrayList<>(watchers.size() + 2);
        all.add(scan);
        if (usage != null) {
            all.add(usage);
        }
        all.addAll(watchers);
        return all;
    }

    /** {@code recorders} after this reading's copy of the body (which comes first: the others read it at the end). */
    List<ResponseListener> beforeRecorders(List<ResponseListener> recorders) {
        if (capture == null) {
            return recorders;
        }
        List<ResponseListener> all = new ArrayList<>(recorders.size() + 1);
        all.add(capture);
        all.addAll(recorders);
        return all;
    }
}
