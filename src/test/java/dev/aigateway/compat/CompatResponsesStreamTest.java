package dev.aigateway.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code …/compat/responses} over HTTP, the parts a golden translation cannot show: a translated stream reaches the
 * client event by event while the provider pauses, a provider stream cut mid-way ends with the Responses API's error
 * event, and Gemini's thought signature on a function call survives the client's round trip to the next turn (plain
 * and streamed), as Gemini requires.
 */
@QuarkusTest
class CompatResponsesStreamTest extends GatewayTest {

    private static final String MESSAGES = "/anthropic/v1/messages";
    private static final String GEMINI = "/google/v1beta/models/gemini-2.5-flash";
    private static final String SIGNATURE = "CiQB0e2Kb3dRh+BYdbZvmulSN2Pwwc75DfQOCBweaF4nQHhbKpQ=";
    private static final String STREAM_REQUEST =
            "{\"model\":\"anthropic/claude-sonnet-4-5\",\"stream\":true,\"input\":\"hi\"}";

    private OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(gateway + "v1/acct/default/compat")
                .apiKey(key)
                .maxRetries(0)
                .build();
    }

    private static String fixture(String name) {
        try (InputStream in = CompatResponsesStreamTest.class.getResourceAsStream("/compat/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void firstTranslatedEventReachesTheClientWhileTheProviderPauses() throws Exception {
        String[] events = Fixtures.read("anthropic/message.sse").split("(?<=\n\n)");
        CompletableFuture<Void> release = new CompletableFuture<>();
        upstream.on(MESSAGES, (req, body) -> {
            var response = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            response.write(events[0] + events[1] + events[2] + events[3]); // start, block start, ping, "Hel"
            release.thenRun(() -> upstream.vertx().runOnContext(v -> {
                for (int i = 4; i < events.length; i++) {
                    response.write(events[i]);
                }
                response.end();
            }));
        });

        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "v1/acct/default/compat/responses"))
                .header("authorization", "Bearer sk-ant-client")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(STREAM_REQUEST))
                .build();
        HttpResponse<InputStream> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        // While the provider holds the rest back, the client already reads response.created and the "Hel" delta.
        CompletableFuture<Void> firstEvents = CompletableFuture.runAsync(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.contains("\"delta\":\"Hel\"")) {
                        return;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        firstEvents.get(20, TimeUnit.SECONDS);
        assertThat(release).isNotDone();
        assertThat(seen.toString())
                .startsWith("event: response.created\n")
                .contains("event: response.output_text.delta\n")
                .doesNotContain("response.completed");

        release.complete(null);
        String rest = reader.lines().collect(Collectors.joining("\n")).strip();
        assertThat(rest)
                .contains("\"delta\":\"lo\"")
                .contains("\"text\":\"Hello\"")
                .contains("event: response.completed\n")
                .doesNotContain("[DONE]");
        String last = rest.substring(rest.lastIndexOf("data: ") + "data: ".length());
        JsonObject completed = new JsonObject(last);
        assertThat(completed.getString("type")).isEqualTo("response.completed");
        assertThat(completed.getJsonObject("response").getString("status")).isEqualTo("completed");
    }

    @Test
    void brokenUpstreamStreamEndsWithTheResponsesErrorEvent() {
        String[] events = Fixtures.read("anthropic/message.sse").split("(?<=\n\n)");
        upstream.on(MESSAGES, (req, body) -> {
            var response = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            response.write(events[0] + events[1] + events[3]); // start, block start, "Hel"
            upstream.vertx().setTimer(100, t -> FakeUpstream.resetConnection(req));
        });

        var r = RestAssured.given()
                .baseUri(gateway.toString())
                .header("authorization", "Bearer sk-ant-client")
                .contentType("application/json")
                .body(STREAM_REQUEST)
                .post("v1/acct/default/compat/responses");

        String stream = r.asString().strip();
        assertThat(stream)
                .contains("\"delta\":\"Hel\"")
                .doesNotContain("response.completed")
                .doesNotContain("[DONE]");
        String lastEvent = stream.substring(stream.lastIndexOf("event: "));
        assertThat(lastEvent).startsWith("event: error\n");
        JsonObject error = new JsonObject(lastEvent.substring(lastEvent.indexOf("data: ") + "data: ".length()));
        assertThat(error.getString("type")).isEqualTo("error");
        assertThat(error.getString("code")).isEqualTo("stream_truncated");
        assertThat(error.getString("message")).isNotBlank();
    }

    private static FunctionTool lights() {
        return FunctionTool.builder()
                .name("set_light_values")
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty(
                                "properties", JsonValue.from(Map.of("brightness", Map.of("type", "integer"))))
                        .build())
                .strict(false)
                .build();
    }

    private static ResponseCreateParams.Builder turn() {
        return ResponseCreateParams.builder()
                .model("google-ai-studio/gemini-2.5-flash")
                .addTool(lights());
    }

    @Test
    void geminiThoughtSignatureComesBackOnTheNextTurn() {
        upstream.onJson(GEMINI + ":generateContent", 200, fixture("gemini/function-call.response.json"));
        OpenAIClient client = client("gemini-key");
        Response first =
                client.responses().create(turn().input("Dim the lights").build());
        first.validate();
        ResponseFunctionToolCall call = first.output().stream()
                .flatMap(o -> o.functionCall().stream())
                .findFirst()
                .orElseThrow();
        assertThat(call.callId()).contains(SIGNATURE);

        secondTurnCarriesTheSignature(client, call);
    }

    @Test
    void streamedGeminiCallKeepsItsThoughtSignatureForTheNextTurn() {
        String event = "data: " + new JsonObject(fixture("gemini/function-call.response.json")).encode() + "\r\n\r\n";
        byte[] sse = event.getBytes(StandardCharsets.UTF_8);
        upstream.onSse(GEMINI + ":streamGenerateContent", sse, new int[] {40, 200}, false, 0);
        OpenAIClient client = client("gemini-key");
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses()
                .createStreaming(turn().input("Dim the lights").build())) {
            stream.stream().forEach(events::add);
        }
        ResponseStreamEvent last = events.get(events.size() - 1);
        assertThat(last.isCompleted()).isTrue();
        ResponseFunctionToolCall call = last.asCompleted().response().output().stream()
                .flatMap(o -> o.functionCall().stream())
                .findFirst()
                .orElseThrow();
        assertThat(call.callId()).contains(SIGNATURE);

        // A client that builds the item itself (call_id, name, arguments only) round-trips it as well.
        ResponseFunctionToolCall handBuilt = ResponseFunctionToolCall.builder()
                .callId(call.callId())
                .name(call.name())
                .arguments(call.arguments())
                .build();
        secondTurnCarriesTheSignature(client, handBuilt);
    }

    /** Turn 2 (call → function_call_output → answer): Gemini receives its call with the signature it gave. */
    private void secondTurnCarriesTheSignature(OpenAIClient client, ResponseFunctionToolCall call) {
        upstream.reset();
        upstream.onJson(GEMINI + ":generateContent", 200, Fixtures.read("usage/gemini-thoughts.json"));
        List<ResponseInputItem> input = new ArrayList<>();
        input.add(ResponseInputItem.ofMessage(ResponseInputItem.Message.builder()
                .role(ResponseInputItem.Message.Role.USER)
                .addInputTextContent("Dim the lights")
                .build()));
        input.add(ResponseInputItem.ofFunctionCall(call));
        input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(call.callId())
                .output("{\"ok\":true}")
                .build()));
        Response second =
                client.responses().create(turn().inputOfResponse(input).build());
        assertThat(second.output().stream().flatMap(o -> o.message().stream())).isNotEmpty();

        JsonObject sent = upstream.single().body().toJsonObject();
        assertThat(sent.encode()).doesNotContain("__aigw_ts__"); // the gateway's mark never reaches the provider
        JsonArray contents = sent.getJsonArray("contents");
        assertThat(contents).hasSize(3);
        JsonObject modelTurn = contents.getJsonObject(1);
        assertThat(modelTurn.getString("role")).isEqualTo("model");
        JsonObject part = modelTurn.getJsonArray("parts").getJsonObject(0);
        assertThat(part.getString("thoughtSignature")).isEqualTo(SIGNATURE);
        assertThat(part.getJsonObject("functionCall").getString("name")).isEqualTo("set_light_values");
        assertThat(part.getJsonObject("functionCall").getJsonObject("args"))
                .isEqualTo(new JsonObject("{\"brightness\":25,\"color_temp\":\"warm\"}"));
        JsonObject response = contents.getJsonObject(2).getJsonArray("parts").getJsonObject(0);
        assertThat(response.getJsonObject("functionResponse").getString("name")).isEqualTo("set_light_values");
    }
}
