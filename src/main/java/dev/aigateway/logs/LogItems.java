package dev.aigateway.logs;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import java.math.BigDecimal;

/** One log as Cloudflare's Logs API shows it, from a row read by {@link LogRepository}. */
final class LogItems {

    /** Bytes of each stored body shown inline in one log ({@code request_head}, {@code response_head}). */
    static final int HEAD_BYTES = 1024;

    /** The columns a list item is made of (table alias {@code l}). */
    static final String COLUMNS = "l.id, l.created_at, l.gateway_id, l.provider, l.model, l.path,"
            + " l.request_type, l.success, l.status_code, l.cached, l.duration_ms, l.ttfb_ms, l.tokens_in,"
            + " l.tokens_out, l.cached_tokens, l.cache_write_tokens, l.reasoning_tokens, l.cost, l.custom_cost,"
            + " l.metadata, l.request_content_type, l.response_content_type, l.step, l.attempt, l.event_id,"
            + " l.truncated, l.user_agent, l.error_class, l.feedback, l.score, l.request_size, l.response_size,"
            + " l.payload_stored, l.authenticated, l.ingress_format,"
            + " l.route, l.route_version, l.route_node,"
            + " l.cache_kind, l.cache_similarity, l.key_alias";

    /** A single log's columns on top of {@link #COLUMNS}: its usage and the heads of its bodies (payloads alias p). */
    static final String DETAIL_COLUMNS = ", l.usage_raw, substring(p.request_body from 1 for " + HEAD_BYTES
            + ") AS request_head, substring(p.response_body from 1 for " + HEAD_BYTES + ") AS response_head";

    private LogItems() {}

    /** {@code metadata} is a JSON string, as Cloudflare returns it; {@code detail} adds what only a single log shows. */
    static JsonObject item(Row r, boolean detail) {
        Object metadata = r.getValue("metadata");
        JsonObject o = new JsonObject()
                .put("id", r.getUUID("id").toString())
                .put("created_at", r.getOffsetDateTime("created_at").toInstant().toString())
                .put("provider", r.getString("provider"))
                .put("model", r.getString("model"))
                .putNull("model_type")
                .put("path", r.getString("path"))
                .put("request_type", r.getString("request_type"))
                .put("success", r.getBoolean("success"))
                .put("status_code", r.getInteger("status_code"))
                .put("cached", r.getBoolean("cached"))
                .put("duration", r.getInteger("duration_ms"))
                .put("tokens_in", r.getLong("tokens_in"))
                .put("tokens_out", r.getLong("tokens_out"))
                .put("cached_tokens", r.getLong("cached_tokens"))
                .put("cache_write_tokens", r.getLong("cache_write_tokens"))
                .put("reasoning_tokens", r.getLong("reasoning_tokens"))
                .put("cost", number(r.getValue("cost")))
                .put("custom_cost", r.getBoolean("custom_cost"))
                .put("authentication", r.getBoolean("authenticated"))
                .put("ingress_format", r.getString("ingress_format"))
                .put("route", r.getString("route"))
                .put("route_version", r.getString("route_version"))
                .put("route_node", r.getString("route_node"))
                .put("cache_kind", r.getString("cache_kind"))
                .put("cache_similarity", r.getDouble("cache_similarity"))
                .put("key_alias", r.getString("key_alias"))
                .put("metadata", metadata == null ? null : metadata.toString())
                .put("request_content_type", r.getString("request_content_type"))
                .put("response_content_type", r.getString("response_content_type"))
                .put("step", r.getInteger("step"))
                .put("attempt", r.getInteger("attempt"))
                .put("error_class", r.getString("error_class"))
                .put("event_id", r.getString("event_id"))
                .put("truncated", r.getBoolean("truncated"))
                .put("feedback", r.getValue("feedback") == null ? null : ((Number) r.getValue("feedback")).intValue())
                .put("score", r.getInteger("score"));
        if (detail) {
            o.put("ttfb", r.getInteger("ttfb_ms"))
                    .put("user_agent", r.getString("user_agent"))
                    .put("request_size", r.getLong("request_size"))
                    .put("response_size", r.getLong("response_size"))
                    .put(
                            "usage",
                            r.getValue("usage_raw") == null
                                    ? null
                                    : new JsonObject(r.getValue("usage_raw").toString()));
            head(o, r, "request");
            head(o, r, "response");
        }
        return o;
    }

    private static void head(JsonObject o, Row r, String which) {
        Buffer head = r.getBuffer(which + "_head");
        Long size = r.getLong(which + "_size");
        o.put(which + "_head", head == null ? null : head.toString("UTF-8"));
        o.put(which + "_head_complete", head != null && size != null && size <= HEAD_BYTES);
    }

    /** PostgreSQL numerics as JSON numbers. */
    static Object number(Object v) {
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        return v;
    }
}
