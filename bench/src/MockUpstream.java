import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fast fake LLM provider for benchmarks: OpenAI chat completions (JSON and SSE), Anthropic messages (JSON and SSE)
 * and Gemini generateContent / streamGenerateContent, with knobs in leading path segments so any client (the gateway,
 * a peer gateway, direct calls) can select them through its base URL:
 *
 * <pre>
 *   /lat=20/chunks=64/pace=20/v1/chat/completions
 *   lat=MS      delay before the response starts (0)
 *   chunks=N    SSE chunks of a streamed answer (16)
 *   pace=MS     delay between SSE chunks (0)
 *   size=BYTES  length of the answer text in a JSON response (~20)
 *   fail=S:P    answer status S to P percent of requests, e.g. fail=503:10 or fail=429:100
 *   cut=1       streams stop before their terminal event (a broken stream)
 * </pre>
 *
 * The API is the path after the knobs: any path ending in {@code /messages} answers in Anthropic's Messages shape (an
 * Anthropic provider whose base URL is {@code http://mock/chunks=4/pace=20} calls {@code …/v1/messages}; its stream has
 * Anthropic's full event sequence), {@code generateContent} in Gemini's, anything else in OpenAI's.
 *
 * <p>Usage: {@code java MockUpstream <port> [event-loops]}. Answers are precomputed; the per-request work is a path
 * parse and one write.
 */
public final class MockUpstream {

    private static final String OPENAI_JSON_HEAD =
            "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
                    + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"";
    private static final String OPENAI_JSON_TAIL = "\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12,\"total_tokens\":21}}";
    private static final String ANTHROPIC_JSON_HEAD =
            "{\"id\":\"msg_bench\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"";
    private static final String ANTHROPIC_JSON_TAIL =
            "\"}],\"stop_reason\":\"end_turn\"," + "\"usage\":{\"input_tokens\":9,\"output_tokens\":12}}";
    private static final String GEMINI_JSON_HEAD = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"";
    private static final String GEMINI_JSON_TAIL = "\"}],\"role\":\"model\"},\"finishReason\":\"STOP\"}],"
            + "\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":12,\"totalTokenCount\":21}}";
    private static final String TEXT = "Hello from the benchmark mock.";

    private static final Map<Integer, Buffer> JSON_CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
        for (int i = 0; i < loops; i++) {
            vertx.createHttpServer(new HttpServerOptions()
                            .setTcpNoDelay(true)
                            .setIdleTimeout(0)
                            .setHost("127.0.0.1")
                            .setPort(port))
                    .requestHandler(req -> req.body().onSuccess(body -> handle(vertx, req, body)))
                    .listen()
                    .onFailure(e -> {
                        e.printStackTrace();
                        System.exit(1);
                    });
        }
        System.out.println("mock listening on " + port);
    }

    private record Knobs(long lat, int chunks, long pace, int size, int failStatus, int failPercent, boolean cut) {}

    private static void handle(Vertx vertx, HttpServerRequest req, Buffer body) {
        String path = req.path();
        Map<String, String> k = new HashMap<>();
        int pos = 0;
        while (pos < path.length() - 1) {
            int next = path.indexOf('/', pos + 1);
            String seg = path.substring(pos + 1, next < 0 ? path.length() : next);
            int eq = seg.indexOf('=');
            if (eq <= 0) {
                break;
            }
            k.put(seg.substring(0, eq), seg.substring(eq + 1));
            pos = next < 0 ? path.length() : next;
        }
        String api = path.substring(pos);
        String[] fail = k.getOrDefault("fail", "0:0").split(":");
        Knobs knobs = new Knobs(
                Long.parseLong(k.getOrDefault("lat", "0")),
                Integer.parseInt(k.getOrDefault("chunks", "16")),
                Long.parseLong(k.getOrDefault("pace", "0")),
                Integer.parseInt(k.getOrDefault("size", "0")),
                Integer.parseInt(fail[0]),
                Integer.parseInt(fail.length > 1 ? fail[1] : "100"),
                "1".equals(k.get("cut")));
        Runnable answer = () -> answer(vertx, req, body, api, knobs);
        if (knobs.lat() > 0) {
            vertx.setTimer(knobs.lat(), t -> answer.run());
        } else {
            answer.run();
        }
    }

    private static void answer(Vertx vertx, HttpServerRequest req, Buffer body, String api, Knobs knobs) {
        HttpServerResponse res = req.response();
        if (knobs.failStatus() > 0 && ThreadLocalRandom.current().nextInt(100) < knobs.failPercent()) {
            res.setStatusCode(knobs.failStatus()).putHeader("content-type", "application/json");
            if (knobs.failStatus() == 429) {
                res.putHeader("retry-after", "1");
            }
            res.end("{\"error\":{\"message\":\"injected failure\",\"type\":\"mock_error\"}}");
            return;
        }
        boolean stream = api.contains("streamGenerateContent")
                || contains(body, "\"stream\":true")
                || contains(body, "\"stream\": true");
        Dialect dialect = api.endsWith("/messages")
                ? Dialect.ANTHROPIC
                : api.contains("generateContent") ? Dialect.GEMINI : Dialect.OPENAI;
        if (!stream) {
            res.putHeader("content-type", "application/json").end(json(dialect, knobs.size()));
            return;
        }
        res.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
        streamChunks(vertx, res, dialect, knobs, 0);
    }

    private enum Dialect {
        OPENAI,
        ANTHROPIC,
        GEMINI
    }

    private static Buffer json(Dialect d, int size) {
        int key = d.ordinal() * 100_000_000 + size;
        return JSON_CACHE.computeIfAbsent(key, x -> {
            String text = size > 0 ? "x".repeat(size) : TEXT;
            return Buffer.buffer(
                    switch (d) {
                        case OPENAI -> OPENAI_JSON_HEAD + text + OPENAI_JSON_TAIL;
                        case ANTHROPIC -> ANTHROPIC_JSON_HEAD + text + ANTHROPIC_JSON_TAIL;
                        case GEMINI -> GEMINI_JSON_HEAD + text + GEMINI_JSON_TAIL;
                    });
        });
    }

    private static void streamChunks(Vertx vertx, HttpServerResponse res, Dialect d, Knobs knobs, int i) {
        if (res.closed()) {
            return;
        }
        if (i == 0 && d == Dialect.ANTHROPIC) {
            res.write(
                    "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench\",\"type\":\"message\","
                            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}\n\n"
                            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        }
        if (i >= knobs.chunks()) {
            if (knobs.cut()) {
                res.reset();
                return;
            }
            res.end(
                    switch (d) {
                        case OPENAI ->
                            "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                                    + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
                        case ANTHROPIC ->
                            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                                    + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                                    + "\"usage\":{\"output_tokens\":" + knobs.chunks()
                                    + "}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
                        case GEMINI ->
                            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}],\"role\":\"model\"},\"finishReason\":\"STOP\"}],"
                                    + "\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":"
                                    + knobs.chunks() + ",\"totalTokenCount\":" + (9 + knobs.chunks()) + "}}\r\n\r\n";
                    });
            return;
        }
        res.write(
                switch (d) {
                    case OPENAI ->
                        "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok"
                                + i + " \"},\"finish_reason\":null}]}\n\n";
                    case ANTHROPIC ->
                        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"tok"
                                + i + " \"}}\n\n";
                    case GEMINI ->
                        "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"tok" + i
                                + " \"}],\"role\":\"model\"}}]}\r\n\r\n";
                });
        if (knobs.pace() > 0) {
            vertx.setTimer(knobs.pace(), t -> streamChunks(vertx, res, d, knobs, i + 1));
        } else {
            streamChunks(vertx, res, d, knobs, i + 1);
        }
    }

    private static boolean contains(Buffer body, String s) {
        return body.length() > 0 && body.toString().contains(s);
    }
}
