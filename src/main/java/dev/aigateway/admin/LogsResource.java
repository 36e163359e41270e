package dev.aigateway.admin;

import dev.aigateway.gateway.GatewayRegistry;
import dev.aigateway.logs.LogQuery;
import dev.aigateway.logs.Metadata;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Cloudflare's Logs API (spec §6.3) over {@code request_logs}:
 * {@code /client/v4/accounts/{account}/ai-gateway/gateways/{gateway}/logs} — list (filters, search, order, pages,
 * {@code meta_info}), get one, its request and response bodies, {@code PATCH} feedback / score / metadata and
 * {@code DELETE} by filter — in the v4 envelope, behind the admin token.
 */
@Path("/client/v4/accounts/{account}/ai-gateway/gateways/{gateway}/logs")
public class LogsResource {

    private static final Logger LOG = Logger.getLogger(LogsResource.class);
    private static final int DEFAULT_PER_PAGE = 20;
    private static final int MAX_PER_PAGE = 100;
    private static final int MAX_DELETE = 100_000;
    private static final int HEAD_BYTES = 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final String ITEM_COLUMNS = "l.id, l.created_at, l.gateway_id, l.provider, l.model, l.path,"
            + " l.request_type, l.success, l.status_code, l.cached, l.duration_ms, l.ttfb_ms, l.tokens_in,"
            + " l.tokens_out, l.cached_tokens, l.cache_write_tokens, l.reasoning_tokens, l.cost, l.custom_cost,"
            + " l.metadata, l.request_content_type, l.response_content_type, l.step, l.attempt, l.event_id,"
            + " l.truncated, l.user_agent, l.error_class, l.feedback, l.score, l.request_size, l.response_size,"
            + " l.payload_stored, l.authenticated";

    private final PgPool db;
    private final GatewayRegistry gateways;
    private final AdminAuth auth;

    public LogsResource(PgPool db, GatewayRegistry gateways, AdminAuth auth) {
        this.db = db;
        this.gateways = gateways;
        this.auth = auth;
    }

    @GET
    public Uni<Response> list(
            @PathParam("account") String account,
            @PathParam("gateway") String gateway,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest request) {
        Response refused = refused(account, gateway, authorization);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        MultiMap params = request.params();
        LogQuery.Where where;
        String order;
        int page;
        int perPage;
        try {
            where = where(gateway, request);
            String direction = params.get("order_by_direction") != null
                    ? params.get("order_by_direction")
                    : params.get("direction");
            order = LogQuery.orderBy(params.get("order_by"), direction, false);
            page = V4Envelope.positive(params.get("page"), 1, Integer.MAX_VALUE, "page");
            perPage = V4Envelope.positive(params.get("per_page"), DEFAULT_PER_PAGE, MAX_PER_PAGE, "per_page");
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(V4Envelope.error(400, 7001, e.getMessage()));
        }
        boolean metaInfo = "true".equalsIgnoreCase(params.get("meta_info"));
        List<Object> args = new ArrayList<>(where.args());
        args.add(perPage);
        args.add((long) (page - 1) * perPage);
        String listSql = "SELECT " + ITEM_COLUMNS + " FROM request_logs l WHERE " + where.sql() + " ORDER BY " + order
                + " LIMIT $" + (args.size() - 1) + " OFFSET $" + args.size();
        String countSql = "SELECT count(*) AS total"
                + (metaInfo
                        ? ", min(cost) AS min_cost, max(cost) AS max_cost, min(duration_ms) AS min_duration,"
                                + " max(duration_ms) AS max_duration, min(tokens_in) AS min_tokens_in,"
                                + " max(tokens_in) AS max_tokens_in, min(tokens_out) AS min_tokens_out,"
                                + " max(tokens_out) AS max_tokens_out,"
                                + " min(" + LogQuery.TOTAL_TOKENS + ") AS min_total_tokens,"
                                + " max(" + LogQuery.TOTAL_TOKENS + ") AS max_total_tokens"
                        : "")
                + " FROM request_logs WHERE " + where.sql();
        int pageNumber = page;
        int size = perPage;
        return db.preparedQuery(listSql)
                .execute(Tuple.from(args))
                .chain(rows -> db.preparedQuery(countSql)
                        .execute(Tuple.from(where.args()))
                        .map(count -> {
                            JsonArray items = new JsonArray();
                            rows.forEach(r -> items.add(item(r, false)));
                            Row c = count.iterator().next();
                            JsonObject info = new JsonObject()
                                    .put("page", pageNumber)
                                    .put("per_page", size)
                                    .put("count", items.size())
                                    .put("total_count", c.getLong("total"));
                            if (metaInfo) {
                                for (String f : List.of(
                                        "min_cost",
                                        "max_cost",
                                        "min_duration",
                                        "max_duration",
                                        "min_tokens_in",
                                        "max_tokens_in",
                                        "min_tokens_out",
                                        "max_tokens_out",
                                        "min_total_tokens",
                                        "max_total_tokens")) {
                                    info.put(f, number(c.getValue(f)));
                                }
                            }
                            return V4Envelope.ok(items, info);
                        }))
                .ifNoItem()
                .after(TIMEOUT)
                .fail()
                .onFailure()
                .recoverWithItem(LogsResource::unavailable);
    }

    @GET
    @Path("{id}")
    public Uni<Response> get(
            @PathParam("account") String account,
            @PathParam("gateway") String gateway,
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Response refused = refused(account, gateway, authorization);
        UUID uuid = uuid(id);
        if (refused != null || uuid == null) {
            return Uni.createFrom().item(refused != null ? refused : notFound());
        }
        String sql = "SELECT " + ITEM_COLUMNS + ", l.usage_raw, substring(p.request_body from 1 for " + HEAD_BYTES
                + ") AS request_head, substring(p.response_body from 1 for " + HEAD_BYTES + ") AS response_head"
                + " FROM request_logs l LEFT JOIN request_log_payloads p ON p.log_id = l.id"
                + " WHERE l.gateway_id = $1 AND l.id = $2";
        return db.preparedQuery(sql)
                .execute(Tuple.of(gateway, uuid))
                .map(rows -> rows.size() == 0
                        ? notFound()
                        : V4Envelope.ok(item(rows.iterator().next(), true)))
                .onFailure()
                .recoverWithItem(LogsResource::unavailable);
    }

    @GET
    @Path("{id}/request")
    public Uni<Response> request(
            @PathParam("account") String account,
            @PathParam("gateway") String gateway,
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return body(account, gateway, id, authorization, "request");
    }

    @GET
    @Path("{id}/response")
    public Uni<Response> response(
            @PathParam("account") String account,
            @PathParam("gateway") String gateway,
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return body(account, gateway, id, authorization, "response");
    }

    /**
     * A stored body, as it was. Served so that a browser never renders it: its stored content type only when that is
     * JSON, an event stream or plain text (else {@code application/octet-stream}), {@code nosniff}, a sandboxing CSP
     * and {@code Content-Disposition: attachment}. A log stored without this body (payloads off, or none sent) answers
     * 404 with code 7008 and says so; 7004 means the log itself does not exist.
     */
    private Uni<Response> body(String account, String gateway, String id, String authorization, String which) {
        Response refused = refused(account, gateway, authorization);
        UUID uuid = uuid(id);
        if (refused != null || uuid == null) {
            return Uni.createFrom().item(refused != null ? refused : notFound());
        }
        String sql = "SELECT p." + which + "_body AS body, l." + which + "_content_type AS type, l.payload_stored"
                + " FROM request_logs l LEFT JOIN request_log_payloads p ON p.log_id = l.id"
                + " WHERE l.gateway_id = $1 AND l.id = $2";
        return db.preparedQuery(sql)
                .execute(Tuple.of(gateway, uuid))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return notFound();
                    }
                    Row r = rows.iterator().next();
                    io.vertx.mutiny.core.buffer.Buffer b = r.getBuffer("body");
                    if (b == null) {
                        return V4Envelope.error(
                                404,
                                7008,
                                Boolean.TRUE.equals(r.getBoolean("payload_stored"))
                                        ? "This log has no " + which + " body (none was sent)"
                                        : "No " + which + " body was stored for this log (payload collection was"
                                                + " off for it)");
                    }
                    return Response.ok(b.getBytes())
                            .type(StoredBodies.safeType(r.getString("type")))
                            .header("X-Content-Type-Options", "nosniff")
                            .header("Content-Security-Policy", "default-src 'none'; sandbox")
                            .header("Content-Disposition", "attachment; filename=\"" + uuid + "-" + which + "\"")
                            .build();
                })
                .onFailure()
                .recoverWithItem(LogsResource::unavailable);
    }

    /** Feedback (-1, 0, 1 or null), score (integer or null) and metadata (flat object or null). */
    @PATCH
    @Path("{id}")
    public Uni<Response> patch(
            @PathParam("account") String account,
            @PathParam("gateway") String gateway,
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        Response refused = refused(account, gateway, authorization);
        UUID uuid = uuid(id);
        if (refused != null || uuid == null) {
            return Uni.createFrom().item(refused != null ? refused : notFound());
        }
        JsonObject changes;
        try {
            changes = new JsonObject(body == null || body.isBlank() ? "{}" : body);
        } catch (RuntimeException e) {
            return Uni.createFrom().item(V4Envelope.error(400, 7001, "The body must be a JSON object"));
        }
        List<String> sets = new ArrayList<>();
        List<Object> args = new ArrayList<>(List.of(gateway, uuid));
        if (changes.containsKey("feedback")) {
            Object f = changes.getValue("feedback");
            if (f != null
                    && !(f instanceof Number n && n.doubleValue() == n.intValue() && Math.abs(n.intValue()) <= 1)) {
                return Uni.createFrom().item(V4Envelope.error(400, 7001, "feedback must be -1, 0, 1 or null"));
            }
            args.add(f == null ? null : (short) ((Number) f).intValue());
            sets.add("feedback = $" + args.size());
        }
        if (changes.containsKey("score")) {
            Object s = changes.getValue("score");
            if (s != null && !(s instanceof Number)) {
                return Uni.createFrom().item(V4Envelope.error(400, 7001, "score must be a number or null"));
            }
            args.add(s == null ? null : ((Number) s).intValue());
            sets.add("score = $" + args.size());
        }
        if (changes.containsKey("metadata")) {
            Object m = changes.getValue("metadata");
            if (m != null && !(m instanceof JsonObject)) {
                return Uni.createFrom().item(V4Envelope.error(400, 7001, "metadata must be a flat object or null"));
            }
            Map<String, Object> flat = m == null ? Map.of() : Metadata.parse(((JsonObject) m).encode());
            if (m != null && flat.isEmpty() && !((JsonObject) m).isEmpty()) {
                return Uni.createFrom()
                        .item(V4Envelope.error(400, 7001, "metadata values must be strings, numbers or booleans"));
            }
            for (Map.Entry<String, Object> e : flat.entrySet()) {
                String problem = Metadata.problem(e.getKey(), e.getValue());
                if (problem != null) {
                    return Uni.createFrom().item(V4Envelope.error(400, 7001, "metadata: " + problem));
                }
            }
            args.add(flat.isEmpty() ? null : new JsonObject(flat).encode());
            sets.add("metadata = ($" + args.size() + "::text)::jsonb");
        }
        if (sets.isEmpty()) {
            return get(account, gateway, id, authorization);
        }
        String sql = "UPDATE request_logs SET " + String.join(", ", sets) + " WHERE gateway_id = $1 AND id = $2";
        return db.preparedQuery(sql)
                .execute(Tuple.from(args))
                .chain(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().item(notFound())
                        : get(account, gateway, id, authorization))
                .onFailure()
                .recoverWithItem(LogsResource::unavailable);
    }

    /** Deletes the rows matching the filters (at most {@code limit}, in {@code order_by} order). */
    @DELETE
    public Uni<Response> delete(
            @PathParam("account") String account,
            @PathParam("gateway") String gateway,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest request) {
        Response refused = refused(account, gateway, authorization);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        MultiMap params = request.params();
        LogQuery.Where where;
        String order;
        int limit;
        try {
            where = where(gateway, request);
            order = LogQuery.orderBy(params.get("order_by"), params.get("order_by_direction"), true);
            limit = V4Envelope.positive(params.get("limit"), MAX_DELETE, MAX_DELETE, "limit");
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(V4Envelope.error(400, 7001, e.getMessage()));
        }
        List<Object> args = new ArrayList<>(where.args());
        args.add(limit);
        String sql = "WITH gone AS (DELETE FROM request_logs WHERE id IN (SELECT id FROM request_logs WHERE "
                + where.sql() + " ORDER BY " + order + " LIMIT $" + args.size() + ") RETURNING 1),"
                + " counted AS (UPDATE gateway_log_counts SET row_count = greatest(0, row_count -"
                + " (SELECT count(*) FROM gone)) WHERE gateway_id = $1)"
                + " SELECT count(*) AS deleted FROM gone";
        return db.preparedQuery(sql)
                .execute(Tuple.from(args))
                .map(rows -> {
                    long deleted = rows.iterator().next().getLong("deleted");
                    LOG.infof("Deleted %d request logs of gateway %s by filter", deleted, gateway);
                    return V4Envelope.ok(new JsonObject().put("deleted", deleted));
                })
                .onFailure()
                .recoverWithItem(LogsResource::unavailable);
    }

    /** The filters and search of a list or delete, scoped to the gateway. */
    private static LogQuery.Where where(String gateway, HttpServerRequest request) {
        MultiMap params = request.params();
        return LogQuery.where(gateway, LogQuery.filters(params, request.query()), params.get("search"));
    }

    private Response refused(String account, String gateway, String authorization) {
        Response refusal = auth.refusal(account, authorization);
        if (refusal != null) {
            return refusal;
        }
        if (gateways.find(gateway).isEmpty()) {
            return V4Envelope.error(404, 7002, "Gateway not found");
        }
        return null;
    }

    /** One log as the Logs API shows it; {@code metadata} is a JSON string, as Cloudflare returns it. */
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
        io.vertx.mutiny.core.buffer.Buffer head = r.getBuffer(which + "_head");
        Long size = r.getLong(which + "_size");
        o.put(which + "_head", head == null ? null : head.toString("UTF-8"));
        o.put(which + "_head_complete", head != null && size != null && size <= HEAD_BYTES);
    }

    private static Object number(Object v) {
        if (v instanceof java.math.BigDecimal d) {
            return d.doubleValue();
        }
        return v;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Response notFound() {
        return V4Envelope.error(404, 7004, "Log not found");
    }

    private static Response unavailable(Throwable e) {
        if (e instanceof LogQuery.Invalid invalid) {
            return V4Envelope.error(400, 7001, invalid.getMessage());
        }
        LOG.warnf("Logs API query failed: %s", e.toString());
        return V4Envelope.error(503, 7010, "Log database unavailable");
    }
}
