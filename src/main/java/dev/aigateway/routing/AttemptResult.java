package dev.aigateway.routing;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.util.function.Function;

/**
 * How one upstream call (all its attempts) ended: an answer to relay, or a failure. ({@code match} takes one function
 * per case, so the compiler checks that every case is handled: Java 17 has no pattern {@code switch}.)
 */
public sealed interface AttemptResult {

    <R> R match(Function<Answer, R> answered, Function<UpstreamFailure, R> failed);

    /** What the provider answered, to be relayed to the client as it is. */
    sealed interface Answer extends AttemptResult {

        int status();

        <R> R matchAnswer(Function<Live, R> live, Function<Buffered, R> buffered);

        @Override
        default <R> R match(Function<Answer, R> answered, Function<UpstreamFailure, R> failed) {
            return answered.apply(this);
        }
    }

    /** The provider's response head, its body still unread (paused): it goes to the client as it streams in. */
    record Live(HttpClientResponse response) implements Answer {
        @Override
        public int status() {
            return response.statusCode();
        }

        @Override
        public <R> R matchAnswer(Function<Live, R> live, Function<Buffered, R> buffered) {
            return live.apply(this);
        }
    }

    /** A provider's error answer, read whole so it could be classified, and still returned as it is. */
    record Buffered(int status, String statusMessage, MultiMap headers, Buffer body) implements Answer {
        @Override
        public <R> R matchAnswer(Function<Live, R> live, Function<Buffered, R> buffered) {
            return buffered.apply(this);
        }
    }

    /** No answer the client should get as it is (what the provider did answer, if anything, is in the failure). */
    record Failed(UpstreamFailure failure) implements AttemptResult {
        @Override
        public <R> R match(Function<Answer, R> answered, Function<UpstreamFailure, R> failed) {
            return failed.apply(failure);
        }
    }
}
