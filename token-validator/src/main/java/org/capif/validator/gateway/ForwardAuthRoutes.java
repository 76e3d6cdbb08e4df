package org.capif.validator.gateway;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.ProblemDetails;
import org.capif.common.problem.ProblemResponses;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.jboss.logging.Logger;

/**
 * The HTTP variant of the external authorizer, for gateways that forward a copy of each request (Envoy's ext_authz
 * HTTP service, NGINX {@code auth_request}, Traefik and Caddy forward-auth): any method on
 * {@value #PREFIX}{@code [/original path]}. It reads the original method ({@code X-Forwarded-Method},
 * {@code X-Original-Method}, else the method of this request), the original URI ({@code X-Forwarded-Uri},
 * {@code X-Original-URI}, else the path after the prefix, as Envoy sends it), {@code Authorization}, the invoker's
 * certificate ({@link ForwardedCertificates}) and the API of the route ({@code X-Capif-Api-Name} or
 * {@code X-Capif-Api-Id}; optionally {@code X-Capif-Aef-Id}). 200 allows, with {@value #INVOKER_HEADER}; 401 and 403
 * refuse with {@code WWW-Authenticate}, {@value #REASON_HEADER} and a ProblemDetails body. The request body, if the
 * gateway sends one, is never read.
 */
@ApplicationScoped
public class ForwardAuthRoutes {

    /** Where the gateway sends its copies. */
    public static final String PREFIX = "/token-validator/v1/ext-authz";

    /** The invoker id, for the upstream, on an allowed request. */
    public static final String INVOKER_HEADER = "x-capif-api-invoker-id";

    /** The validator's reason, on a refused request (for gateways that cannot pass on the body). */
    public static final String REASON_HEADER = "x-capif-reason";

    private static final Logger LOG = Logger.getLogger(ForwardAuthRoutes.class);

    private final GatewayAuthorizer authorizer;

    public ForwardAuthRoutes(GatewayAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    void register(@Observes Router router) {
        router.routeWithRegex(PREFIX.replace(".", "\\.") + "(/.*)?")
                .order(Integer.MIN_VALUE + 10)
                .handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        AuthenticatedPeer caller;
        try {
            caller = PeerCertificates.peer(req).orElse(null);
        } catch (CapifException e) {
            write(ctx.response(), GatewayVerdict.fault(401, "Unauthorized", e.causeCode(), e.getMessage()));
            return;
        }
        if (conflicting(req, "x-forwarded-method", "x-original-method")
                || conflicting(req, "x-forwarded-uri", "x-original-uri")) {
            write(
                    ctx.response(),
                    GatewayVerdict.fault(
                            400,
                            "Bad Request",
                            org.capif.common.problem.Causes.MANDATORY_IE_INCORRECT,
                            "The original method or URI is given twice, differently; the gateway must send one."));
            return;
        }
        String repeated = repeated(req);
        if (repeated != null) {
            write(
                    ctx.response(),
                    GatewayVerdict.fault(
                            400,
                            "Bad Request",
                            org.capif.common.problem.Causes.MANDATORY_IE_INCORRECT,
                            "The header " + repeated + " is given more than once, or empty; it must be given once."));
            return;
        }
        GatewayRequest request = new GatewayRequest(
                req.getHeader("x-capif-aef-id"),
                req.getHeader("x-capif-api-name"),
                req.getHeader("x-capif-api-id"),
                first(
                        req.getHeader("x-forwarded-method"),
                        req.getHeader("x-original-method"),
                        req.method().name()),
                first(req.getHeader("x-forwarded-uri"), req.getHeader("x-original-uri"), originalFromPath(req)),
                req.getHeader("authorization"),
                certificate(req).orElse(null));
        authorizer.authorize(caller, request).subscribe().with(verdict -> write(ctx.response(), verdict), failure -> {
            LOG.errorf(failure, "gateway decision failed");
            write(
                    ctx.response(),
                    GatewayVerdict.fault(
                            500,
                            "Internal Server Error",
                            org.capif.common.problem.Causes.SYSTEM_FAILURE,
                            "The decision failed; the gateway must refuse."));
        });
    }

    /**
     * The forwarded certificate: one of the two headers, once (both present, or one repeated, means a client-supplied
     * header was passed on, and which is the gateway's own is unknowable: none).
     */
    private static Optional<String> certificate(HttpServerRequest req) {
        java.util.List<String> xfccs = req.headers().getAll(ForwardedCertificates.XFCC);
        java.util.List<String> escapeds = req.headers().getAll(ForwardedCertificates.CLIENT_CERT);
        if (xfccs.size() + escapeds.size() != 1) {
            return Optional.empty();
        }
        String xfcc = xfccs.isEmpty() ? null : xfccs.get(0);
        String escaped = escapeds.isEmpty() ? null : escapeds.get(0);
        return xfcc != null ? ForwardedCertificates.fromXfcc(xfcc) : ForwardedCertificates.fromEscapedPem(escaped);
    }

    /** Both headers present with different values (or one repeated): which one the gateway meant is unknown. */
    private static boolean conflicting(HttpServerRequest req, String a, String b) {
        java.util.List<String> values = new java.util.ArrayList<>(req.headers().getAll(a));
        values.addAll(req.headers().getAll(b));
        return values.stream().distinct().count() > 1;
    }

    /**
     * The headers that must be given at most once and not empty (the token, the route's API and AEF, the original
     * method and URI): the first that is not, or null. A repeated {@code Authorization} or API name could otherwise
     * mean one thing here and another upstream.
     */
    private static String repeated(HttpServerRequest req) {
        for (String name : SINGLE) {
            java.util.List<String> values = req.headers().getAll(name);
            if (values.size() > 1 && !ORIGINAL.contains(name) || values.stream().anyMatch(String::isBlank)) {
                return name;
            }
        }
        return null;
    }

    private static final java.util.List<String> ORIGINAL =
            java.util.List.of("x-forwarded-method", "x-original-method", "x-forwarded-uri", "x-original-uri");

    private static final java.util.List<String> SINGLE = java.util.List.of(
            "authorization",
            "x-capif-api-name",
            "x-capif-api-id",
            "x-capif-aef-id",
            "x-forwarded-method",
            "x-original-method",
            "x-forwarded-uri",
            "x-original-uri");

    /**
     * Envoy's HTTP service sends the original path and query after the configured prefix (taken from the path of the
     * request target, also when it comes in absolute form).
     */
    private static String originalFromPath(HttpServerRequest req) {
        String path = req.path();
        if (path == null || path.length() <= PREFIX.length() || !path.startsWith(PREFIX)) {
            return null;
        }
        String rest = path.substring(PREFIX.length());
        return req.query() == null ? rest : rest + "?" + req.query();
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    static void write(HttpServerResponse response, GatewayVerdict verdict) {
        if (response.ended()) {
            return;
        }
        response.putHeader("Cache-Control", "no-store");
        if (verdict.allowed()) {
            response.setStatusCode(200)
                    .putHeader(INVOKER_HEADER, verdict.apiInvokerId())
                    .end();
            return;
        }
        if (verdict.challenge() != null) {
            response.putHeader("WWW-Authenticate", verdict.challenge());
        }
        if (verdict.reason() != null) {
            response.putHeader(REASON_HEADER, verdict.reason().name());
        }
        ProblemDetails problem = verdict.problem();
        ProblemResponses.write(response, problem);
    }
}
