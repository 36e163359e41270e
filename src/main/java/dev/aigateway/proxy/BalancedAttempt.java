package dev.aigateway.proxy;

import dev.aigateway.metrics.KeyMetrics;
import dev.aigateway.provider.Provider;
import dev.aigateway.provider.UpstreamUrl;
import dev.aigateway.routing.AttemptResult;
import dev.aigateway.routing.KeyMember;
import dev.aigateway.routing.KeyPool;
import dev.aigateway.routing.ProviderGuards;
import dev.aigateway.routing.UpstreamFailure;
import io.vertx.core.MultiMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One attempt of a balanced call ({@link PreparedCall#keys}): on the request's event loop it takes the pool's next
 * member (none: every member's breaker is open → {@code circuit_open}), puts its key into the upstream credential
 * header (the provider's rules adapt it as for any stored key), names it on the log row (the alias only), and runs the
 * attempt through the breaker of the member's host and the member's own breaker. The member stays in flight until
 * the attempt fails or the exchange ends.
 */
final class BalancedAttempt {

    private BalancedAttempt() {}

    /** A balanced call's attempts through {@link ProviderGuards}: each picks its member (and so its host) first. */
    static CompletionStage<AttemptResult.Answer> attempts(
            Exchange x,
            ProviderGuards guards,
            KeyMetrics metrics,
            int allowedAttempts,
            long deadlineNanos,
            ProviderGuards.AttemptListener retrying,
            Consumer<Runnable> onLoop,
            BiFunction<Integer, UpstreamUrl, CompletionStage<AttemptResult.Answer>> attempt) {
        KeyPool keys = x.call.keys();
        return guards.<AttemptResult.Answer>run(
                x.call.provider(),
                null, // each attempt picks its host
                x.call.url().port(),
                x.call.policy(),
                allowedAttempts,
                deadlineNanos,
                listener(keys, retrying),
                n -> run(x, keys, guards, metrics, n, onLoop, attempt));
    }

    /** A balanced call's attempt listener: retries are noted by {@code retrying}; a failure may switch keys. */
    static ProviderGuards.AttemptListener listener(KeyPool keys, ProviderGuards.AttemptListener retrying) {
        return new ProviderGuards.AttemptListener() {
            @Override
            public void retrying(int next, long delayMillis, Throwable cause) {
                retrying.retrying(next, delayMillis, cause);
            }

            @Override
            public boolean switchesKey(Throwable cause) {
                return keys.switchesFor(cause);
            }
        };
    }

    static CompletionStage<AttemptResult.Answer> run(
            Exchange x,
            KeyPool pool,
            ProviderGuards guards,
            KeyMetrics metrics,
            int n,
            Consumer<Runnable> onLoop,
            BiFunction<Integer, UpstreamUrl, CompletionStage<AttemptResult.Answer>> attempt) {
        CompletableFuture<AttemptResult.Answer> out = new CompletableFuture<>();
        onLoop.accept(() -> {
            Provider provider = x.call.provider();
            KeyPool.Lease lease = pool.pick();
            if (lease == null) {
                out.completeExceptionally(
                        UpstreamFailure.noResponse(UpstreamFailure.Reason.CIRCUIT_OPEN, UpstreamFailure.Kind.FALLBACK));
                return;
            }
            KeyMember member = lease.member();
            if (member.credential() != null) {
                MultiMap headers = x.call.upstreamHeaders();
                provider.credentialHeaders().forEach(headers::remove);
                headers.set(provider.credential().header(), member.credential());
                provider.rules().adaptCredentials(x.call.path(), headers);
            }
            if (x.ctx.log() != null) {
                x.ctx.log().keyAlias(member.name());
            }
            UpstreamUrl url = member.url() != null ? member.url() : x.call.url();
            guards.<AttemptResult.Answer>throughHost(
                            provider, url.host(), url.port(), () -> lease.guarded(() -> attempt.apply(n, url)))
                    .whenComplete((answer, error) -> {
                        Throwable t = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause()
                                : error;
                        if (t == null) {
                            metrics.attempt(
                                    provider.slug(), member.name(), answer.status() < 400 ? "success" : "error");
                            x.ending().onComplete(v -> lease.release());
                            out.complete(answer);
                        } else {
                            metrics.attempt(
                                    provider.slug(),
                                    member.name(),
                                    t instanceof UpstreamFailure f ? f.outcome() : "error");
                            lease.release();
                            out.completeExceptionally(t);
                        }
                    });
        });
        return out;
    }
}
