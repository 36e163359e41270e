package dev.aigateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The model named by a provider's URL, for the log. */
class ModelInPathTest {

    @Test
    void modelsNamedInThePath() {
        assertThat(ModelInPath.of("google-ai-studio", "/v1beta/models/gemini-2.0-flash:generateContent"))
                .isEqualTo("gemini-2.0-flash");
        assertThat(ModelInPath.of(
                        "google-ai-studio", "/v1beta/models/gemini-2.0-flash%3AstreamGenerateContent?alt=sse"))
                .isEqualTo("gemini-2.0-flash");
        assertThat(ModelInPath.of(
                        "google-vertex-ai",
                        "/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent"))
                .isEqualTo("gemini-2.5-pro");
        assertThat(ModelInPath.of(
                        "aws-bedrock", "/bedrock-runtime/us-east-1/model/anthropic.claude-3-haiku-v1%3A0/invoke"))
                .isEqualTo("anthropic.claude-3-haiku-v1:0");
        assertThat(ModelInPath.of(
                        "aws-bedrock", "/bedrock-runtime/us-east-1/model/amazon.nova-lite-v1:0/converse-stream"))
                .isEqualTo("amazon.nova-lite-v1:0");
        assertThat(ModelInPath.of("workers-ai", "/@cf/meta/llama-3.1-8b-instruct"))
                .isEqualTo("@cf/meta/llama-3.1-8b-instruct");
        assertThat(ModelInPath.of("openai", "/v1/chat/completions")).isNull();
        assertThat(ModelInPath.of("aws-bedrock", "/bedrock/us-east-1/foundation-models"))
                .isNull();
    }
}
