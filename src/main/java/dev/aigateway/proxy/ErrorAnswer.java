package dev.aigateway.proxy;

import dev.aigateway.provider.Vendors;
import dev.aigateway.routing.AttemptResult;
import dev.aigateway.routing.FailureClassifier;
import dev.aigateway.routing.UpstreamFailure;
import dev.aigateway.routing.UpstreamFailure.Kind;
import dev.aigateway.routing.UpstreamFailure.Reason;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A provider's error answer read whole (bounded) when something else may still be tried, and classified
 * ({@link FailureClassifier}): a final error completes the attempt with the buffered answer, a retryable one fails it
 * with an {@link UpstreamFailure} that carries the answer (sent as it is if nothing else answers).
 */
final class ErrorAnswer {

    /** Largest provider error body read for classifying it. */
    private static final int MAX_ERROR_BODY = 4 * 1024 * 1024;

    private ErrorAnswer() {}

    static void read(
            HttpClientResponse upstream,
            HttpClientRequest request,
            CompletableFuture<AttemptResult.Answer> result,
            Consumer<String> attemptEnded) {
        int status = upstream.statusCode();
        Buffer errorBody = Buffer.buffer(512);
        upstream.handler(chunk -> {
            if (errorBody.length() + chunk.length() > MAX_ERROR_BODY) {
                upstream.handler(null);
                request.reset();
                return;
            }
            errorBody.appendBuffer(chunk);
        });
        upstream.exceptionHandler(t -> {
            if (!result.isDone()) {
                attemptEnded.accept(Reason.RESET.label());
                result.completeExceptionally(UpstreamFailure.noResponse(Reason.RESET, Kind.RETRYABLE));
            }
        });
        upstream.endHandler(v -> {
            if (result.isDone()) {
                return;
            }
            MultiMap headers = upstream.headers();
            Kind kind = FailureClassifier.classify(status, headers, errorBody, Vendors.errorHints());
            long retryAfter = FailureClassifier.retryAfterMillis(headers, errorBody, System.currentTimeMillis());
            AttemptResult.Buffered buffered =
                    new AttemptResult.Buffered(status, upstream.statusMessage(), headers, errorBody);
            attemptEnded.accept(kind.name().toLowerCase(Locale.ROOT));
            if (kind == Kind.FINAL) {
                result.complete(buffered);
            } else {
                result.completeExceptionally(UpstreamFailure.status(kind, status, retryAfter, buffered));
            }
        });
        upstream.resume();
    }
}
