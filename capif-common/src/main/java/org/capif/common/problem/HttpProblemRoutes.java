package org.capif.common.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes the answers that never reach a JAX-RS resource problem+json too: bodies over the size limit (413, refused from
 * the {@code Content-Length} header before any byte is buffered), URIs that match no resource (404), and any failure
 * that escapes to the Vert.x router.
 */
@ApplicationScoped
public class HttpProblemRoutes {

    private static final Logger LOG = Logger.getLogger(HttpProblemRoutes.class);

    private final long maxBodyBytes;

    public HttpProblemRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::limitBody).failureHandler(this::failure);
        router.route().order(Integer.MAX_VALUE - 1).handler(this::notFound);
    }

    private void limitBody(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared < 0) {
                ProblemResponses.write(
                        ctx.response().putHeader("Connection", "close"),
                        ProblemDetails.of(400, "Bad Request", Causes.BAD_REQUEST, "Invalid Content-Length.", null));
                return;
            }
            if (declared > maxBodyBytes) {
                ProblemResponses.write(
                        ctx.response().putHeader("Connection", "close"),
                        ProblemDetails.of(
                                413,
                                "Payload Too Large",
                                Causes.PAYLOAD_TOO_LARGE,
                                "The request body of " + declared + " bytes exceeds the limit of " + maxBodyBytes
                                        + " bytes.",
                                null));
                return;
            }
        }
        ctx.next();
    }

    private void notFound(RoutingContext ctx) {
        ProblemResponses.write(
                ctx.response(),
                ProblemDetails.of(
                        404,
                        "Not Found",
                        Causes.RESOURCE_NOT_FOUND,
                        "No resource exists at " + ctx.request().path() + ".",
                        null));
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (ctx.response().ended()) {
            return;
        }
        if (status < 400) {
            status = 500;
        }
        if (status >= 500) {
            LOG.errorf(ctx.failure(), "request to %s failed", ctx.request().path());
        }
        String detail = status >= 500 ? "An unexpected error occurred." : ProblemExceptionMappers.detailFor(status);
        ProblemResponses.write(
                ctx.response(),
                ProblemDetails.of(
                        status,
                        ProblemExceptionMappers.reason(status),
                        ProblemExceptionMappers.causeFor(status),
                        detail,
                        null));
    }
}
