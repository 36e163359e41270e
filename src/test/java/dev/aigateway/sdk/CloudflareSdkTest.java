package dev.aigateway.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official Cloudflare TypeScript SDK ({@code cloudflare} on npm, pinned in {@code src/test/node/package.json}),
 * with its base URL at the gateway, creates, lists (auto-paginating), reads and deletes a gateway, gets its provider
 * URL, and lists, reads and annotates the log of a request proxied through it. Needs Node and npm ({@link NodeSdk}:
 * {@code npm ci} when the SDK is not installed yet, a skip saying why, never under {@code REQUIRE_SDK_CHECKS}).
 */
@QuarkusTest
class CloudflareSdkTest extends GatewayTest {

    @Test
    void officialCloudflareSdkManagesGatewaysAndReadsLogs() throws Exception {
        String node = NodeSdk.require("cloudflare", "Cloudflare SDK check");
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        String id = "sdk-" + UUID.randomUUID().toString().substring(0, 8);

        ProcessBuilder pb = new ProcessBuilder(node, "cloudflare-sdk-check.mjs")
                .directory(NodeSdk.DIR.toFile())
                .redirectErrorStream(false);
        pb.environment().put("GATEWAY_URL", gateway.toString());
        pb.environment().put("ADMIN_TOKEN", "admin-secret");
        pb.environment().put("GATEWAY_ID", id);
        File err = File.createTempFile("sdk-check", ".err");
        pb.redirectError(err);
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("node failed: " + Files.readString(err.toPath()) + stdout)
                .isZero();

        JsonObject out =
                new JsonObject(stdout.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(out.getJsonObject("created").getString("id")).isEqualTo(id);
        assertThat(out.getJsonArray("listed").getList()).contains(id, "default", "secured");
        assertThat(out.getString("fetched")).isEqualTo(id);
        assertThat(out.getString("url")).isEqualTo(gateway + "v1/acct/" + id + "/openai");
        assertThat(out.getInteger("proxiedStatus")).isEqualTo(200);
        assertThat(upstream.single().header("authorization")).isEqualTo("Bearer sk-sdk-check");
        String logId = out.getString("logId");
        assertThat(out.getJsonArray("logs")).hasSize(1);
        JsonObject log = out.getJsonArray("logs").getJsonObject(0);
        assertThat(log.getString("id")).isEqualTo(logId);
        assertThat(log.getString("model")).isEqualTo("gpt-4o-mini");
        assertThat(log.getInteger("status_code")).isEqualTo(200);
        assertThat(out.getJsonObject("log").getLong("tokens_in")).isPositive();
        assertThat(out.getBoolean("edited")).isTrue();
        assertThat(out.getString("wrongToken")).isEqualTo("AuthenticationError 401");
        assertThat(out.getString("deleted")).isEqualTo(id);
    }
}
