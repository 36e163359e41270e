package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code .} and {@code ..} segments never reach a provider with the gateway's stored credential: written plainly,
 * percent-encoded in any case, or formed by an encoded slash, they get 400 before any path rule runs. Sent over a raw
 * socket, as a hostile client would (HTTP client libraries normalise such paths).
 */
@QuarkusTest
class DotSegmentsTest extends GatewayTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v1/abc/default/workers-ai/run/../../workers/scripts",
                "/v1/abc/default/workers-ai/run/%2e%2e/%2E%2E/workers/scripts",
                "/v1/abc/default/workers-ai/run/%2e./x",
                "/v1/abc/default/workers-ai/run/..%2f..%2Fworkers/scripts",
                "/v1/abc/default/workers-ai/run/..%5cworkers",
                "/v1/acct/default/custom-acme/v2/../../secret",
                "/v1/acct/default/custom-acme/./v2/things",
                "/v1/acct/default/custom-acme/%2e/v2/things",
                "/v1/acct/default/custom-acme/v2/..",
                "/v1/acct/default/custom-acme/v2/%2E%2e",
                "/v1/acct/default/openai/v1/../../admin",
                "/v1/acct/default/azure-openai/res/%2e%2e/chat/completions",
                "/custom-acme/v2/%2e%2e/secret",
            })
    void dotSegmentsAreRefusedAndNothingReachesTheProvider(String path) throws IOException {
        String answer = rawPost(path);
        assertThat(answer).startsWith("HTTP/1.1 400");
        JsonObject error = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4))
                .getJsonArray("error")
                .getJsonObject(0);
        assertThat(error.getInteger("code")).isEqualTo(2100);
        assertThat(error.getString("message")).contains("'..'");
        assertThat(upstream.received()).isEmpty();
        assertThat(upstream.acceptedConnections()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"/v1/acct/default/custom-acme/v2/a..b/.well/x.y", "/v1/acct/default/custom-acme/v2/%2e%2e%2e"})
    void dotsInsideASegmentAreFine(String path) throws IOException {
        assertThat(rawPost(path)).startsWith("HTTP/1.1 200");
        assertThat(upstream.received()).hasSize(1);
    }

    private String rawPost(String path) throws IOException {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Authorization: Bearer sk-client\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
