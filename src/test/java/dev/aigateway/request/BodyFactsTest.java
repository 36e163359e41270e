package dev.aigateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The request fields the cache, the token limiter and the log decide on. */
class BodyFactsTest {

    private static BodyFacts of(String json) {
        return BodyFacts.of(Buffer.buffer(json));
    }

    @Test
    void readsMaxOutputTokensOfEveryDialect() {
        assertThat(of("{\"max_tokens\":100,\"messages\":[{\"max_tokens\":5}]}").maxOutputTokens())
                .isEqualTo(100);
        assertThat(of("{\"max_completion_tokens\":200}").maxOutputTokens()).isEqualTo(200);
        assertThat(of("{\"max_output_tokens\":300}").maxOutputTokens()).isEqualTo(300);
        assertThat(of("{\"contents\":[],\"generationConfig\":{\"temperature\":1,\"maxOutputTokens\":400}}")
                        .maxOutputTokens())
                .isEqualTo(400);
        assertThat(of("{\"model\":\"x\"}").maxOutputTokens()).isEqualTo(-1);
    }

    @Test
    void recognisesStatefulAndSampledRequests() {
        assertThat(of("{\"previous_response_id\":\"resp_1\"}").stateful()).isTrue();
        assertThat(of("{\"previous_response_id\":null}").stateful()).isFalse();
        assertThat(of("{\"conversation\":\"conv_1\"}").stateful()).isTrue();
        assertThat(of("{\"background\":true}").stateful()).isTrue();
        assertThat(of("{\"n\":2}").sampledMany()).as("default temperature is 1").isTrue();
        assertThat(of("{\"n\":2,\"temperature\":0}").sampledMany()).isFalse();
        assertThat(of("{\"n\":1,\"temperature\":0.7}").sampledMany()).isFalse();
    }

    @Test
    void readsTheModelAndTheStreamFlagAtTheTopOnly() {
        BodyFacts facts = of("{\"messages\":[{\"model\":\"inner\",\"stream\":true}],\"model\":\"gpt-4o-mini\","
                + "\"stream\":true}");
        assertThat(facts.model()).isEqualTo("gpt-4o-mini");
        assertThat(facts.stream()).isTrue();
        assertThat(of("{\"model\":\"m\",\"stream\":false}").stream()).isFalse();
        assertThat(of("{\"model\":\"m\",\"stream\":\"true\"}").stream()).isFalse();
        assertThat(of("{\"model\":{\"id\":\"m\"}}").model()).isNull();
        assertThat(of("{\"messages\":[{\"model\":\"inner\"}]}").model()).isNull();
    }

    @Test
    void anythingElseHasNoFacts() {
        assertThat(of("[1,2]")).isEqualTo(BodyFacts.NONE);
        assertThat(of("not json")).isEqualTo(BodyFacts.NONE);
        assertThat(BodyFacts.of(Buffer.buffer())).isEqualTo(BodyFacts.NONE);
    }

    @Test
    void outputCapThatIsNotAWholeNumberIsInvalidAndHugeOnesSaturate() {
        assertThat(of("{\"max_tokens\":\"abc\"}").maxOutputTokens()).isEqualTo(BodyFacts.INVALID);
        assertThat(of("{\"max_tokens\":1e30}").maxOutputTokens()).isEqualTo(BodyFacts.INVALID);
        assertThat(of("{\"max_tokens\":-1}").maxOutputTokens()).isEqualTo(BodyFacts.INVALID);
        assertThat(of("{\"max_tokens\":100,\"max_completion_tokens\":true}").maxOutputTokens())
                .isEqualTo(BodyFacts.INVALID);
        assertThat(of("{\"generationConfig\":{\"maxOutputTokens\":\"x\"}}").maxOutputTokens())
                .isEqualTo(BodyFacts.INVALID);
        assertThat(of("{\"max_tokens\":null}").maxOutputTokens()).isEqualTo(-1);
        assertThat(of("{\"max_tokens\":99999999999999999999999}").maxOutputTokens())
                .isEqualTo(Long.MAX_VALUE);
    }
}
