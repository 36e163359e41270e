package dev.aigateway.proxy;

import dev.aigateway.error.GatewayException;
import java.util.Locale;

/**
 * How a request ended, for the one place that closes it ({@link ProxyPipeline}'s end): what goes into the metrics and
 * the log row, and whether the response reached the client whole (the listeners' {@code onEnd}).
 *
 * @param status what the client got (499: it went away first)
 * @param errorClass why it failed, for the log row; null when it did not
 * @param complete the response reached the client whole
 * @param timed the provider call's duration counts (the gateway relayed, or the client left during, a provider call)
 */
record Ending(int status, boolean cached, boolean truncated, String errorClass, boolean complete, boolean timed) {

    /** The provider's response went to the client whole. */
    static Ending relayed(int status) {
        return new Ending(status, false, false, errorClass(status), true, true);
    }

    /** A relayed response broke off; the client saw a broken stream or an error event. */
    static Ending broken(String errorClass) {
        return new Ending(502, false, true, errorClass, false, true);
    }

    /** The client went away before its response was complete. */
    static Ending clientLeft(boolean duringCall) {
        return new Ending(499, false, false, "client_abort", false, duringCall);
    }

    /** The gateway answered itself with its error envelope. */
    static Ending refused(GatewayException e) {
        return new Ending(
                e.error().httpStatus(), false, false, e.error().name().toLowerCase(Locale.ROOT), false, false);
    }

    /** Answered from the cache. */
    static Ending fromCache(int status) {
        return new Ending(status, true, false, null, true, false);
    }

    /** Why a relayed answer failed, for its log row; null when it did not. */
    static String errorClass(int status) {
        return status >= 400 ? "upstream_" + status / 100 + "xx" : null;
    }
}
