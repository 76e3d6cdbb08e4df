package org.capif.common.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes the answers that never reach a JAX-RS resource problem+json too, on the API and on the management interface:
 * bodies over the size limit (413, refused from the {@code Content-Length} header before any byte is buffered), URIs
 * that match no resource (404), requests without exactly one valid {@code Host} (400, RFC 9112 §3.2) or that the router
 * itself refuses (an empty path: 400), and any failure that escapes to the Vert.x router. None of them logs a stack trace unless it is a 5xx.
 */
@ApplicationScoped
public class HttpProblemRoutes {

    private static final Logger LOG = Logger.getLogger(HttpProblemRoutes.class);

    /** RFC 3986 host (reg-name, IPv4 or bracketed IPv6 literal) with an optional port of at most 5 digits. */
    private static final Pattern HOST =
            Pattern.compile("(\\[[0-9A-Fa-f:.]{2,45}\\]|[A-Za-z0-9._~!$&'()*+,;=%-]{1,253})(:[0-9]{1,5})?");

    private final long maxBodyBytes;

    public HttpProblemRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void register(@Observes Router router) {
        install(router);
    }

    void registerManagement(@Observes ManagementInterface management) {
        install(management.router());
    }

    private void install(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::limitBody).failureHandler(this::failure);
        router.route().order(Integer.MAX_VALUE - 1).handler(this::notFound);
        // Failures no route handled (the router refuses some requests before matching any route, e.g. a bad Host).
        for (int status : new int[] {400, 404, 405, 406, 413, 414, 415, 500, 501, 503}) {
            router.errorHandler(status, this::failure);
        }
    }

    /**
     * RFC 9112 §3.2: an HTTP/1.1 request without exactly one syntactically valid {@code Host} is a 400. The services
     * never use the host they are called by (answers carry the configured {@code capif.api-root}); this refuses what is
     * not HTTP before any operation sees it.
     */
    private static boolean validHost(RoutingContext ctx) {
        if (ctx.request().version() != HttpVersion.HTTP_1_1) {
            return true;
        }
        java.util.List<String> hosts = ctx.request().headers().getAll("Host");
        return hosts.size() == 1 && HOST.matcher(hosts.get(0)).matches();
    }

    private void limitBody(RoutingContext ctx) {
        if (!validHost(ctx)) {
            ProblemResponses.write(
                    ctx.response().putHeader("Connection", "close"),
                    ProblemDetails.of(
                            400,
                            "Bad Request",
                            Causes.BAD_REQUEST,
                            "An HTTP/1.1 request needs exactly one valid Host header.",
                            null));
            return;
        }
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
                        404, "Not Found", Causes.RESOURCE_NOT_FOUND, "No resource exists at this URI.", null));
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
            LOG.errorf(ctx.failure(), "request to %s failed", ctx.normalizedPath());
        } else if (LOG.isDebugEnabled()) {
            LOG.debugf("request refused by the router: %d", status);
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
