package dev.aigateway.proxy;

import dev.aigateway.ratelimit.LimitRule;
import dev.aigateway.stream.ResponseListener;
import dev.aigateway.stream.ResponseScan;
import dev.aigateway.usage.ResponseUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * The one reading of a call's response, shared by everyone who needs it: one scan of an event stream
 * ({@link ResponseScan}: how it ended, for the relay's truncation check and the cache recorder) and one read of its
 * usage ({@link ResponseUsage}, for the limit settler and the log row). Both watch the bytes as the provider sent them.
 *
 * @param usage null when nobody reads the usage (no log row, no token limit)
 */
record ResponseReading(ResponseScan scan, ResponseUsage usage) {

    /**
     * @param maxUsageBodyBytes the largest JSON body kept to read its usage from
     */
    static ResponseReading of(RequestContext ctx, PreparedCall call, long maxUsageBodyBytes) {
        boolean usageRead =
                ctx.log() != null || call.gateway().limits().stream().anyMatch(LimitRule::tokens);
        ResponseUsage usage = usageRead ? new ResponseUsage(call.provider().slug(), maxUsageBodyBytes) : null;
        ResponseScan scan = usage == null
                ? new ResponseScan(call.provider().rules().streamEnd(call.format()))
                : new ResponseScan(call.provider().rules().streamEnd(call.format()), usage.events());
        return new ResponseReading(scan, usage);
    }

    /** {@code watchers} after this reading's own listeners (which come first: the others may ask them at the end). */
    List<ResponseListener> before(List<ResponseListener> watchers) {
        List<ResponseListener> all = new ArrayList<>(watchers.size() + 2);
        all.add(scan);
        if (usage != null) {
            all.add(usage);
        }
        all.addAll(watchers);
        return all;
    }
}
