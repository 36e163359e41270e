package dev.aigateway.admin;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code /dashboard} → {@code /dashboard/}: the page itself ({@code META-INF/resources/dashboard/}) is served by
 * Quarkus's static resources, its data by the admin APIs behind {@link AdminAuthFilter}.
 */
@ApplicationScoped
public class DashboardRoutes {

    void routes(@Observes Router router) {
        router.get("/dashboard").order(-1).handler(rc -> {
            if ("/dashboard".equals(rc.request().path())) {
                rc.redirect("/dashboard/");
            } else {
                rc.next();
            }
        });
    }
}
