package dev.aigateway.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.usage.PriceCatalogue;
import dev.aigateway.usage.Usage;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns finished requests ({@link LogEvent}) into rows, off the request path (on a worker thread): usage of JSON
 * responses, the cost (prices or the client's custom cost), usage metrics, credentials redacted from the bodies, and
 * every value cut to fit its column ({@link RowLimits}) so that PostgreSQL has no reason to refuse it.
 */
@Singleton
class LogRows {

    private static final JsonFactory JSON = new JsonFactory();

    private final PriceCatalogue prices;
    private final GatewayMetrics metrics;

    LogRows(PriceCatalogue prices, GatewayMetrics metrics) {
        this.prices = prices;
        this.metrics = metrics;
    }

    /** A row (and maybe a payload) per event. */
    List<LogRow> rows(List<LogEvent> events) {
        List<LogRow> rows = new ArrayList<>(events.size());
        for (LogEvent e : events) {
            rows.add(row(e));
        }
        return rows;
    }

    LogRow row(LogEvent e) {
        Usage usage = e.usage() == null || e.cached() ? null : e.usage().usage(); // read once, here or by the settler
        String requestModel = e.requestModel() != null ? e.requestModel() : modelOf(e.requestBody());
        if (usage != null && usage.model() == null) {
            usage = usage.withModel(requestModel);
        }
        RequestLogEntity r = new RequestLogEntity();
        r.id = e.id();
        r.createdAt = e.createdAt();
        r.gatewayId = e.gatewayId();
        r.provider = e.provider();
        r.model = usage != null && usage.model() != null ? usage.model() : requestModel;
        r.path = e.path();
        r.requestType = e.requestType();
        r.statusCode = e.status();
        r.success = e.status() >= 200 && e.status() < 300 && !e.truncated();
        r.cached = e.cached();
        r.durationMs = e.durationMs();
        r.ttfbMs = e.ttfbMs();
        if (usage != null && !e.cached()) {
            r.tokensIn = usage.input();
            r.tokensOut = usage.output();
            r.cachedTokens = usage.cachedRead();
            r.cacheWriteTokens = usage.cacheWrite();
            r.reasoningTokens = usage.reasoning();
            r.usageRaw = usage.raw();
            BigDecimal cost = e.customCost() != null
                    ? e.customCost().cost(usage)
                    : prices.cost(e.provider(), usage, e.createdAt());
            r.cost = cost;
            r.customCost = e.customCost() != null;
            metrics.usage(e.gatewayId(), e.provider(), prices.modelLabel(e.provider(), r.model), usage, cost);
        } else if (e.cached()) {
            r.tokensIn = 0L; // a cache hit costs no provider tokens
            r.tokensOut = 0L;
            r.cost = BigDecimal.ZERO;
        }
        r.metadata = RowLimits.json(e.metadata());
        r.requestContentType = RowLimits.text(e.requestContentType(), 256);
        r.responseContentType = RowLimits.text(e.responseContentType(), 256);
        r.step = e.step();
        r.attempt = e.attempt();
        r.eventId = RowLimits.text(e.eventId(), 256);
        r.truncated = e.truncated();
        r.userAgent = RowLimits.text(e.userAgent(), 512);
        r.errorClass = RowLimits.text(e.errorClass(), 64);
        r.authenticated = e.authenticated();
        r.ingressFormat = RowLimits.text(e.ingressFormat(), 32);
        if (e.route() != null) {
            r.route = RowLimits.text(e.route().name(), 64);
            r.routeVersion = RowLimits.text(e.route().version(), 64);
            r.routeNode = RowLimits.text(e.route().node(), 64);
        }
        r.cacheKind = RowLimits.text(e.cacheKind(), 16);
        r.cacheSimilarity = e.cacheSimilarity();
        r.keyAlias = RowLimits.text(e.keyAlias(), 64);
        r.requestSize = e.requestSize();
        r.responseSize = e.responseSize();
        // Whatever the client sent, the row fits its columns (a refused row would be lost, see LogWriter.rowByRow).
        r.gatewayId = RowLimits.text(r.gatewayId, 64);
        r.provider = RowLimits.text(r.provider, 64);
        r.model = RowLimits.text(r.model, 256);
        r.path = RowLimits.text(r.path);
        r.requestType = RowLimits.text(r.requestType, 32);
        r.usageRaw = RowLimits.json(r.usageRaw);
        r.cost = RowLimits.cost(r.cost);
        LogPayloadEntity payload = null;
        if (e.storePayload() && (e.requestBody() != null || e.responseBody() != null)) {
            payload = new LogPayloadEntity();
            payload.logId = e.id();
            payload.requestBody =
                    redact(e.requestBody() == null ? null : e.requestBody().getBytes(), e.secrets());
            payload.responseBody =
                    redact(e.responseBody() == null ? null : e.responseBody().getBytes(), e.secrets());
            payload.requestTruncated = e.requestTruncated();
            payload.responseTruncated = e.responseTruncated();
            r.payloadStored = true;
        }
        return new LogRow(r, payload);
    }

    /** The top-level {@code model} of a JSON request body, if it has one. */
    static String modelOf(Buffer body) {
        if (body == null || body.length() == 0 || body.getByte(0) != '{') {
            return null;
        }
        try (JsonParser p = JSON.createParser(body.getBytes())) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("model".equals(field) && value == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** Credentials never reach storage, even when a client put one in a body. */
    static byte[] redact(byte[] body, List<String> secrets) {
        if (body == null || secrets.isEmpty()) {
            return body;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        boolean changed = false;
        for (String secret : secrets) {
            if (text.contains(secret)) {
                text = text.replace(secret, "[REDACTED]");
                changed = true;
            }
        }
        return changed ? text.getBytes(StandardCharsets.UTF_8) : body;
    }
}
