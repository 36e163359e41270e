import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Opens N concurrent SSE streams at once and reports, as one JSON line: time to first chunk (p50/p99), the largest
 * and p99 gap between chunks, streams that stalled (a gap over the stall threshold), streams that completed with
 * their terminal marker, and errors.
 *
 * <p>Environment: {@code PROBE_BODY} replaces the request body (warm-up included).
 *
 * <p>Usage: {@code java StreamProbe <url> <streams> <stall-ms> <concurrent|sequential> [header:value ...]}; the body
 * is an OpenAI chat completion request with {@code "stream":true}. {@code sequential} runs one stream at a time on a
 * kept-alive connection (for time to first token); {@code concurrent} opens all streams at once, each on its own
 * connection.
 */
public final class StreamProbe {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int streams = Integer.parseInt(args[1]);
        long stallMs = Long.parseLong(args[2]);
        List<String[]> headers = new ArrayList<>();
        boolean sequential = "sequential".equals(args[3]);
        for (int i = 4; i < args.length; i++) {
            int c = args[i].indexOf(':');
            headers.add(new String[] {args[i].substring(0, c), args[i].substring(c + 1)});
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(sequential),
                new PoolOptions().setHttp1MaxSize(streams + 16).setMaxWaitQueueSize(-1));
        java.net.URI uri = java.net.URI.create(url);
        // Warm-up: the probe's own first requests pay for class loading and JIT; they are not measured.
        for (int round = 0; round < (sequential ? 30 : 3); round++) {
            int warmStreams = sequential ? 1 : 4;
            CountDownLatch warm = new CountDownLatch(warmStreams);
            for (int i = 0; i < warmStreams; i++) {
                RequestOptions o = new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setHost(uri.getHost())
                        .setPort(uri.getPort())
                        .setURI(uri.getRawPath())
                        .putHeader("content-type", "application/json");
                headers.forEach(h -> o.putHeader(h[0], h[1]));
                client.request(o)
                        .compose(req -> req.send(
                                Buffer.buffer(System.getenv("PROBE_BODY") == null ? "{\"stream\":true}" : probeBody())))
                        .compose(res -> res.body())
                        .onComplete(ar -> warm.countDown());
            }
            warm.await(30, TimeUnit.SECONDS);
        }
        Buffer body = Buffer.buffer(probeBody());
        long[] ttft = new long[streams];
        long[] maxGap = new long[streams];
        boolean[] completed = new boolean[streams];
        boolean[] failed = new boolean[streams];
        List<Long> gaps = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(streams);
        boolean[] ended = new boolean[streams];
        // Gaps count once every stream has its first chunk: the connection burst of the ramp-up is not a stall.
        int[] started = {0};
        java.util.function.IntConsumer[] launch = new java.util.function.IntConsumer[1];
        launch[0] = n -> {
            Runnable finish = () -> {
                if (!ended[n]) {
                    ended[n] = true;
                    done.countDown();
                    if (sequential && n + 1 < streams) {
                        launch[0].accept(n + 1);
                    }
                }
            };
            long start = System.nanoTime();
            long[] last = {0};
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setHost(uri.getHost())
                    .setPort(uri.getPort())
                    .setURI(uri.getRawPath())
                    .putHeader("content-type", "application/json");
            headers.forEach(h -> options.putHeader(h[0], h[1]));
            client.request(options)
                    .compose(req -> req.send(body))
                    .onSuccess(res -> {
                        if (res.statusCode() != 200) {
                            failed[n] = true;
                        }
                        StringBuilder tail = new StringBuilder();
                        res.handler(chunk -> {
                            long now = System.nanoTime();
                            if (last[0] == 0) {
                                ttft[n] = now - start;
                                started[0]++;
                            } else if (sequential || started[0] == streams) {
                                long gap = now - last[0];
                                maxGap[n] = Math.max(maxGap[n], gap);
                                gaps.add(gap);
                            }
                            last[0] = now;
                            tail.append(chunk.toString());
                            if (tail.length() > 256) {
                                tail.delete(0, tail.length() - 256);
                            }
                        });
                        res.endHandler(x -> {
                            completed[n] = tail.indexOf("[DONE]") >= 0;
                            finish.run();
                        });
                        res.exceptionHandler(e -> {
                            failed[n] = true;
                            finish.run();
                        });
                    })
                    .onFailure(e -> {
                        failed[n] = true;
                        finish.run();
                    });
        };
        vertx.runOnContext(v -> {
            for (int i = 0; i < (sequential ? 1 : streams); i++) {
                launch[0].accept(i);
            }
        });
        boolean finished = done.await(300, TimeUnit.SECONDS);
        long[] t = Arrays.stream(ttft).filter(x -> x > 0).sorted().toArray();
        long[] g;
        synchronized (gaps) {
            g = gaps.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        long stalled =
                Arrays.stream(maxGap).filter(x -> x > stallMs * 1_000_000).count();
        int ok = 0;
        int errors = 0;
        for (int i = 0; i < streams; i++) {
            ok += completed[i] && !failed[i] ? 1 : 0;
            errors += failed[i] ? 1 : 0;
        }
        System.out.printf(
                "{\"streams\":%d,\"completed\":%d,\"errors\":%d,\"timed_out\":%s,\"ttft_p50_ms\":%.3f,\"ttft_p99_ms\":%.3f,"
                        + "\"gap_p99_ms\":%.3f,\"gap_max_ms\":%.3f,\"stalled\":%d}%n",
                streams,
                ok,
                errors,
                !finished,
                pct(t, 50),
                pct(t, 99),
                pct(g, 99),
                g.length == 0 ? 0.0 : g[g.length - 1] / 1e6,
                stalled);
        vertx.close();
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** The streamed request: {@code PROBE_BODY} when set (e.g. a unified-API model name), else a short chat request. */
    private static String probeBody() {
        String body = System.getenv("PROBE_BODY");
        return body != null
                ? body
                : "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Stream please\"}]}";
    }
}
