package dev.aigateway.error;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors raised outside the proxy pipeline (unknown paths, framework errors) still answer in the envelope. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return envelope(GatewayError.NO_ROUTE, "No such endpoint", 404);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return envelope(GatewayError.NO_ROUTE, "Method not allowed on this endpoint", 405);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "Request failed with %d", status);
            return envelope(GatewayError.INTERNAL, "Internal gateway error", status);
        }
        return envelope(GatewayError.BAD_REQUEST, "Bad request", status);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("Unexpected error", e);
        return envelope(GatewayError.INTERNAL, "Internal gateway error", 500);
    }

    private static Response envelope(GatewayError error, String message, int status) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorEnvelope.render(error, message, status).getBytes())
                .build();
    }
}
