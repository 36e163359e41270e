package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A provider resetting its connection is an everyday event: reported to the client and metrics, never an ERROR. */
@QuarkusTest
class UpstreamResetLogTest extends GatewayTest {

    @Test
    void resetMidStreamIsNotLoggedAsError() throws Exception {
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            upstream.on("/openai/v1/chat/completions", (req, body) -> {
                req.response().setChunked(true).putHeader("content-type", "text/event-stream");
                req.response().write("data: {\"n\":1}\n\n").onComplete(v -> upstream.vertx()
                        .setTimer(100, t -> FakeUpstream.resetConnection(req)));
            });
            for (int i = 0; i < 3; i++) {
                String body = RestAssured.given()
                        .baseUri(gateway.toString())
                        .header("authorization", "Bearer sk-client")
                        .contentType("application/json")
                        .body("{\"model\":\"gpt-4o-mini\",\"stream\":true}")
                        .post("v1/acct/open/openai/v1/chat/completions")
                        .asString();
                assertThat(body).contains("data: {\"n\":1}").contains("stream_truncated");
            }
            Thread.sleep(300);
        } finally {
            root.removeHandler(capture);
        }
        assertThat(errors)
                .extracting(r -> r.getLoggerName() + ": " + r.getMessage())
                .isEmpty();
    }
}
