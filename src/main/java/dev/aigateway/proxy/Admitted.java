package dev.aigateway.proxy;

import dev.aigateway.cache.CachedResponse;
import dev.aigateway.error.GatewayException;
import dev.aigateway.request.BodyFacts;
import dev.aigateway.stream.ResponseListener;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What admission decided for a call. ({@link #match} takes one function per case, so the compiler checks that every
 * case is handled: Java 17 has no pattern {@code switch}.)
 */
sealed interface Admitted {

    <R> R match(
            Function<Proceed, R> proceed,
            Function<CachedResponse, R> hit,
            Function<Refused, R> refused,
            Supplier<R> left);

    /**
     * Go to the provider.
     *
     * @param body the whole request body when the gateway read it (sent as it is, once per attempt); null: the
     *     client's body is relayed as it arrives
     * @param facts what the held body says (all absent for a relayed one)
     * @param watchers what watches the response as the provider sends it (the limit settler)
     * @param recorders what records the response as the client receives it (the cache recorder)
     */
    record Proceed(Buffer body, BodyFacts facts, List<ResponseListener> watchers, List<ResponseListener> recorders)
            implements Admitted {
        @Override
        public <R> R match(
                Function<Proceed, R> proceed,
                Function<CachedResponse, R> hit,
                Function<Refused, R> refused,
                Supplier<R> left) {
            return proceed.apply(this);
        }
    }

    /** Answered from the cache; the provider is not called. */
    record Hit(CachedResponse response) implements Admitted {
        @Override
        public <R> R match(
                Function<Proceed, R> proceed,
                Function<CachedResponse, R> hit,
                Function<Refused, R> refused,
                Supplier<R> left) {
            return hit.apply(response);
        }
    }

    /**
     * Refused by the gateway (rate limited, limiter unavailable, invalid or oversized body, stalled upload).
     *
     * @param close the client's connection is closed after the answer (nothing more is read from it)
     */
    record Refused(GatewayException error, boolean close) implements Admitted {
        @Override
        public <R> R match(
                Function<Proceed, R> proceed,
                Function<CachedResponse, R> hit,
                Function<Refused, R> refused,
                Supplier<R> left) {
            return refused.apply(this);
        }
    }

    /** The client went away before the provider was called (so it is not called, and not paid). */
    record Left() implements Admitted {
        @Override
        public <R> R match(
                Function<Proceed, R> proceed,
                Function<CachedResponse, R> hit,
                Function<Refused, R> refused,
                Supplier<R> left) {
            return left.get();
        }
    }
}
