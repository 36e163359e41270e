package dev.aigateway.admin;

import dev.aigateway.route.RouteStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The routes API's JSON: Cloudflare's route, version and deployment objects. */
final class RouteShapes {

    private RouteShapes() {}

    static JsonObject route(RouteStore.RouteRow r) {
        JsonObject o = new JsonObject()
                .put("id", r.id().toString())
                .put("name", r.name())
                .put("created_at", r.createdAt().toString())
                .put("modified_at", r.modifiedAt().toString())
                .put("source", "api");
        if (r.version() != null) {
            o.put("elements", r.elements())
                    .put(
                            "version",
                            new JsonObject()
                                    .put("version_id", r.version().toString())
                                    .put("active", "true"));
        }
        return o;
    }

    /** {@code data} is the version's elements as a JSON string, as Cloudflare returns it. */
    static JsonObject version(RouteStore.VersionRow v, boolean active) {
        return new JsonObject()
                .put("version_id", v.id().toString())
                .put("route_id", v.routeId().toString())
                .put("active", Boolean.toString(active))
                .put("comment", v.comment())
                .put("created_at", v.createdAt().toString())
                .put("data", new JsonObject().put("elements", v.elements()).encode())
                .put("elements", v.elements());
    }

    static JsonObject deployment(RouteStore.DeploymentRow d) {
        return new JsonObject()
                .put("deployment_id", d.id().toString())
                .put("route_id", d.routeId().toString())
                .put("version_id", d.versionId().toString())
                .put("comment", d.comment())
                .put("created_at", d.createdAt().toString());
    }

    static JsonObject page(String name, JsonArray items) {
        return new JsonObject()
                .put(name, items)
                .put("page", 1)
                .put("per_page", items.size())
                .put("order_by", "created_at")
                .put("order_by_direction", name.equals("deployments") ? "desc" : "asc");
    }
}
