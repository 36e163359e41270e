package dev.aigateway.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The official Cloudflare TypeScript SDK ({@code cloudflare} on npm, pinned in {@code src/test/node/package.json}),
 * with its base URL at the gateway, creates, lists (auto-paginating), reads and deletes a gateway, gets its provider
 * URL, and lists, reads and annotates the log of a request proxied through it. Needs Node and npm: the test runs
 * {@code npm ci} in {@code src/test/node} when the SDK is not installed yet, and skips (saying why) without Node or
 * when the npm registry cannot be reached — except under {@code .ci/run}'s main run, which installs Node and sets
 * {@code REQUIRE_SDK_CHECKS}, so there it cannot silently skip.
 */
@QuarkusTest
class CloudflareSdkTest extends GatewayTest {

    private static final Path DIR = Path.of("src/test/node");

    @Test
    void officialCloudflareSdkManagesGatewaysAndReadsLogs() throws Exception {
        String why = "Node is not installed";
        if (!Files.isDirectory(DIR.resolve("node_modules/cloudflare")) && which("npm") != null) {
            File npmLog = File.createTempFile("npm-ci", ".log");
            Process install = new ProcessBuilder(which("npm"), "ci", "--no-audit", "--no-fund")
                    .directory(DIR.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(npmLog)
                    .start();
            if (!install.waitFor(180, TimeUnit.SECONDS)) {
                install.destroyForcibly();
            }
            // e.g. no network (CI's offline run): the npm registry cannot be reached
            why = "npm ci could not install the SDK (is the npm registry reachable?): "
                    + Files.readString(npmLog.toPath())
                            .lines()
                            .filter(l -> l.contains("ERR"))
                            .findFirst()
                            .orElse("");
        }
        boolean ready = Files.isDirectory(DIR.resolve("node_modules/cloudflare")) && node() != null;
        if (!ready) {
            assertThat(System.getenv("REQUIRE_SDK_CHECKS"))
                    .as("REQUIRE_SDK_CHECKS is set but the Cloudflare SDK check cannot run: " + why)
                    .isNull();
            Assumptions.abort("Cloudflare SDK check skipped: " + why + " (npm ci --prefix src/test/node)");
        }
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        String id = "sdk-" + UUID.randomUUID().toString().substring(0, 8);

        ProcessBuilder pb = new ProcessBuilder(node(), "cloudflare-sdk-check.mjs")
                .directory(DIR.toFile())
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

    private static String node() {
        return which("node");
    }

    private static String which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, program);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }
}
