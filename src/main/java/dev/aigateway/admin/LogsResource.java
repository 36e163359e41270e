package dev.aigateway.admin;

import dev.aigateway.logs.LogAnnotations;
import dev.aigateway.logs.LogDeleteQuery;
import dev.aigateway.logs.LogFilters;
import dev.aigateway.logs.LogListQuery;
import dev.aigateway.logs.LogQuery;
import dev.aigateway.logs.LogRepository;
import dev.aigateway.logs.LogSelection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Cloudflare's Logs API (spec §6.3), HTTP only:
 * {@code /client/v4/accounts/{account}/ai-gateway/gateways/{gateway}/logs} — list (filters, search, order, pages,
 * {@code meta_info}), get one, its request and response bodies, {@code PATCH} feedback / score / metadata and
 * {@code DELETE} by filter. Parameters become a query object ({@code logs/}), {@link LogRepository} runs it, the answer
 * goes out in the v4 envelope. The admin token and the gateway are checked before ({@link AdminApi},
 * {@link KnownGateway}).
 */
@Path("/client/v4/accounts/{account}/ai-gateway/gateways/{gateway}/logs")
@AdminApi
@KnownGateway
public class LogsResource {

    private static final Logger LOG = Logger.getLogger(LogsResource.class);

    private final LogRepository logs;

    public LogsResource(LogRepository logs) {
        this.logs = logs;
    }

    @GET
    public Uni<Response> list(@PathParam("gateway") String gateway, @Context HttpServerRequest request) {
        MultiMap params = request.params();
        if (params.contains("cursor")) {
            return keyset(gateway, request);
        }
        LogListQuery query;
        try {
            String direction = params.get("order_by_direction") != null
                    ? params.get("order_by_direction")
                    : params.get("direction");
            query = new LogListQuery(
                    selection(gateway, request, direction, false),
                    V4Envelope.positive(params.get("page"), 1, Integer.MAX_VALUE, "page"),
                    V4Envelope.positive(
                            params.get("per_page"),
                            LogListQuery.DEFAULT_PER_PAGE,
                            LogListQuery.MAX_PER_PAGE,
                            "per_page"),
                    "true".equalsIgnoreCase(params.get("meta_info")));
        } catch (IllegalArgumentException e) {
            return invalid(e);
        }
        return logs.list(query)
                .map(page -> {
                    JsonObject info = new JsonObject()
                            .put("page", query.page())
                            .put("per_page", query.perPage())
                            .put("count", page.items().size())
                            .put("total_count", page.total());
                    page.stats().forEach(info::put);
                    return V4Envelope.ok(new JsonArray(page.items()), info);
                })
                .onFailure()
                .recoverWithItem(LogsResource::unavailable);
    }

    /**
     * This gateway's extension for large tables: with {@code cursor} (empty for the first page) the list pages by
     * keyset in {@code created_at} order instead of counting and skipping rows; {@code result_info.next_cursor} is
     * the next page's cursor (absent on the last page) and there is no {@code total_count}.
     */
    private Uni<Response> keyset(String gateway, HttpServerRequest request) {
        MultiMap params = request.params();
        LogSelection selection;
        int perPage;
        String direction =
                params.get("order_by_direction") != null ? params.get("order_by_direction") : params.get("direction");
        try {
            String order = params.get("order_by");
            if (order != null && !order.isBlank() && !order.strip().equals("created_at")) {
                throw new IllegalArgumentException("cursor pages are in created_at order only");
            }
            selection = selection(gateway, request, direction, false);
            perPage = V4Envelope.positive(
                    params.get("per_page"), LogListQuery.DEFAULT_PER_PAGE, LogListQuery.MAX_PER_PAGE, "per_page");
        } catch (IllegalArgumentException e) {
            return invalid(e);
        }
        boolean ascending = "asc".equalsIgnoreCase(direction == null ? null : direction.strip());
        Uni<LogRepository.KeysetPage> page;
        try {
            page = logs.listAfter(selection, Optional.ofNullable(params.get("cursor")), ascending, perPage);
        } catch (IllegalArgumentException e) {
            return invalid(e);
        }
        return page.map(p -> V4Envelope.ok(
                        new JsonArray(p.items()),
                        new JsonObject()
                                .put("per_page", perPage)
                                .put("count", p.items().size())
                                .put("next_cursor", p.next())))
                .onFailure()
                .recoverWithItem(LogsResource::unavailable);
    }

    @GET
    @Path("{id}")
    public Uni<Response> get(@PathParam("gateway") String gateway, @PathParam("id") String id) {
        return withId(id, uuid -> logs.find(gateway, uuid).map(LogsResource::found));
    }

    @GET
    @Path("{id}/request")
    public Uni<Response> request(@PathParam("gateway") String gateway, @PathParam("id") String id) {
        return body(gateway, id, LogRepository.Body.REQUEST);
    }

    @GET
    @Path("{id}/response")
    public Uni<Response> response(@PathParam("gateway") String gateway, @PathParam("id") String id) {
        return body(gateway, id, LogRepository.Body.RESPONSE);
    }

    /**
     * A stored body, as it was. Served so that a browser never renders it: its stored content type only when that is
     * JSON, an event stream or plain text (else {@code application/octet-stream}), {@code nosniff}, a sandboxing CSP
     * and {@code Content-Disposition: attachment}. A log stored without this body (payloads off, or none sent) answers
     * 404 with code 7008 and says so; 7004 means the log itself does not exist.
     */
    private Uni<Response> body(String gateway, String id, LogRepository.Body which) {
        return withId(id, uuid -> logs.body(gateway, uuid, which)
                .map(found -> found.map(b -> stored(uuid, which, b)).orElseGet(LogsResource::notFound)));
    }

    private static Response stored(UUID id, LogRepository.Body which, LogRepository.StoredBody body) {
        String w = which.label();
        if (body.bytes() == null) {
            return V4Envelope.error(
                    404,
                    7008,
                    body.payloadStored()
                            ? "This log has no " + w + " body (none was sent)"
                            : "No " + w + " body was stored for this log (payload collection was off for it)");
        }
        return Response.ok(body.bytes())
                .type(StoredBodies.safeType(body.contentType()))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header("Content-Disposition", "attachment; filename=\"" + id + "-" + w + "\"")
                .build();
    }

    /** Feedback (-1, 0, 1 or null), score (integer or null) and metadata (flat object or null). */
    @PATCH
    @Path("{id}")
    public Uni<Response> patch(@PathParam("gateway") String gateway, @PathParam("id") String id, String body) {
        return withId(id, uuid -> {
            LogAnnotations changes;
            try {
                changes = LogAnnotations.parse(body);
            } catch (LogQuery.Invalid e) {
                return invalid(e);
            }
            return logs.annotate(gateway, uuid, changes).map(LogsResource::found);
        });
    }

    /** Deletes the rows matching the filters (at most {@code limit}, in {@code order_by} order). */
    @DELETE
    public Uni<Response> delete(@PathParam("gateway") String gateway, @Context HttpServerRequest request) {
        LogDeleteQuery query;
        try {
            query = new LogDeleteQuery(
                    selection(gateway, request, request.params().get("order_by_direction"), true),
                    V4Envelope.positive(
                            request.params().get("limit"),
                            LogDeleteQuery.MAX_LIMIT,
                            LogDeleteQuery.MAX_LIMIT,
                            "limit"));
        } catch (IllegalArgumentException e) {
            return invalid(e);
        }
        return logs.delete(query)
                .map(deleted -> V4Envelope.ok(new JsonObject().put("deleted", deleted)))
                .onFailure()
                .recoverWithItem(LogsResource::unavailable);
    }

    /** The filters, search and order of a list or delete, scoped to the gateway. */
    private static LogSelection selection(
            String gateway, HttpServerRequest request, String direction, boolean forDelete) {
        MultiMap params = request.params();
        return LogSelection.of(
                gateway,
                LogFilters.parse(params, request.query()),
                params.get("search"),
                params.get("order_by"),
                direction,
                forDelete);
    }

    /** A call about one log: 404 (7004) for an id that is not a UUID, 503 when the database fails. */
    private static Uni<Response> withId(String id, Function<UUID, Uni<Response>> call) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(notFound());
        }
        return call.apply(uuid).onFailure().recoverWithItem(LogsResource::unavailable);
    }

    private static Response found(Optional<JsonObject> log) {
        return log.map(V4Envelope::ok).orElseGet(LogsResource::notFound);
    }

    private static Uni<Response> invalid(IllegalArgumentException e) {
        return Uni.createFrom().item(V4Envelope.error(400, 7001, e.getMessage()));
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
