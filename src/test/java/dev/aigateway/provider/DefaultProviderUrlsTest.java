package dev.aigateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.provider.UpstreamPaths.PathRequest;
import dev.aigateway.provider.azure.AzureOpenAiPaths;
import dev.aigateway.provider.bedrock.BedrockPaths;
import dev.aigateway.provider.vertex.VertexPaths;
import dev.aigateway.provider.workersai.WorkersAiPaths;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

/** The built-in base URLs map onto the real provider hosts. */
class DefaultProviderUrlsTest {

    private static UpstreamUrl resolve(UpstreamPaths paths, String base, String path, String query) {
        return paths.resolve(new PathRequest("acct42", path, query, MultiMap.caseInsensitiveMultiMap()), base);
    }

    @Test
    void bedrockRegionBecomesTheHost() {
        UpstreamUrl url = resolve(
                new BedrockPaths(),
                BedrockPaths.DEFAULT_BASE_URL,
                "/bedrock-runtime/us-west-2/model/anthropic.claude-3-haiku/invoke",
                null);
        assertThat(url.ssl()).isTrue();
        assertThat(url.host()).isEqualTo("bedrock-runtime.us-west-2.amazonaws.com");
        assertThat(url.port()).isEqualTo(443);
        assertThat(url.uri()).isEqualTo("/model/anthropic.claude-3-haiku/invoke");
    }

    @Test
    void bedrockMantleLivesUnderApiAws() {
        UpstreamUrl url = resolve(
                new BedrockPaths(),
                BedrockPaths.DEFAULT_BASE_URL,
                "/bedrock-mantle/us-east-1/anthropic/v1/messages",
                null);
        assertThat(url.host()).isEqualTo("bedrock-mantle.us-east-1.api.aws");
        assertThat(url.uri()).isEqualTo("/anthropic/v1/messages");
    }

    @Test
    void azureResourceAndDeploymentBecomeHostAndPath() {
        UpstreamUrl url = resolve(
                new AzureOpenAiPaths(),
                AzureOpenAiPaths.DEFAULT_BASE_URL,
                "/contoso/gpt-4o/chat/completions",
                "api-version=2024-10-21");
        assertThat(url.host()).isEqualTo("contoso.openai.azure.com");
        assertThat(url.uri()).isEqualTo("/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
    }

    @Test
    void vertexRegionBecomesTheHostAndGlobalHasNoPrefix() {
        String path = "/v1/projects/p/locations/%s/publishers/google/models/gemini-2.5-pro:generateContent";
        assertThat(resolve(new VertexPaths(), VertexPaths.DEFAULT_BASE_URL, path.formatted("europe-west4"), null)
                        .host())
                .isEqualTo("europe-west4-aiplatform.googleapis.com");
        assertThat(resolve(new VertexPaths(), VertexPaths.DEFAULT_BASE_URL, path.formatted("global"), null)
                        .host())
                .isEqualTo("aiplatform.googleapis.com");
    }

    @Test
    void workersAiRunsModelsUnderTheAccount() {
        UpstreamUrl url =
                resolve(new WorkersAiPaths(), WorkersAiPaths.DEFAULT_BASE_URL, "/@cf/meta/llama-3.1-8b-instruct", null);
        assertThat(url.display())
                .isEqualTo(
                        "https://api.cloudflare.com/client/v4/accounts/acct42/ai/run/@cf/meta/llama-3.1-8b-instruct");
    }

    @Test
    void versionSegmentIsNotDoubled() {
        VersionTolerantPaths paths = new VersionTolerantPaths();
        String base = "https://api.openai.com/v1";
        assertThat(resolve(paths, base, "/chat/completions", null).uri()).isEqualTo("/v1/chat/completions");
        assertThat(resolve(paths, base, "/v1/chat/completions", null).uri()).isEqualTo("/v1/chat/completions");
        assertThat(resolve(paths, base, "/v1beta/x", null).uri()).isEqualTo("/v1/v1beta/x");
        assertThat(resolve(paths, "https://api.mistral.ai", "/v1/chat/completions", null)
                        .uri())
                .isEqualTo("/v1/chat/completions");
        assertThat(resolve(paths, "https://openrouter.ai/api/v1", "/v1/chat/completions", "a=1")
                        .uri())
                .isEqualTo("/api/v1/chat/completions?a=1");
    }
}
