package org.capif.common.management;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.capif.common.cert.CapifRole;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.ProblemDetails;
import org.capif.common.problem.ProblemResponses;
import org.capif.common.tls.PeerCertificates;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may read what on the management interface (TLS, client certificate requested, not required): the health probes
 * stay open to anyone who can reach the port (the kubelet presents no certificate), with {@code GET} and {@code HEAD}
 * only; everything else (Prometheus metrics, the OpenAPI document, anything added later) needs a CAPIF client
 * certificate of the {@code monitoring} role ({@code urn:capif:monitoring:<name>}). No certificate is 401
 * {@code CLIENT_CERTIFICATE_REQUIRED}, another role 403 {@code ROLE_NOT_ALLOWED}; the TLS layer has already refused a
 * certificate from another CA.
 */
@ApplicationScoped
public class ManagementAccess {

    private final String health;

    public ManagementAccess(
            @ConfigProperty(name = "quarkus.management.root-path", defaultValue = "/q") String root,
            @ConfigProperty(name = "quarkus.smallrye-health.root-path", defaultValue = "health") String healthPath) {
        this.health = healthPath.startsWith("/")
                ? healthPath.replaceAll("/+$", "")
                : root.replaceAll("/+$", "") + "/" + healthPath.replaceAll("/+$", "");
    }

    void register(@Observes ManagementInterface management) {
        management.router().route().order(Integer.MIN_VALUE + 1).handler(this::guard);
    }

    private void guard(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        boolean probe = path.equals(health) || path.startsWith(health + "/");
        if (probe) {
            HttpMethod method = ctx.request().method();
            if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
                ctx.next();
            } else {
                ProblemResponses.write(
                        ctx.response().putHeader("Allow", "GET, HEAD"),
                        ProblemDetails.of(
                                405,
                                "Method Not Allowed",
                                Causes.METHOD_NOT_ALLOWED,
                                "Health probes answer GET and HEAD only.",
                                null));
            }
            return;
        }
        try {
            PeerCertificates.require(ctx.request(), CapifRole.MONITORING);
        } catch (CapifException e) {
            e.headers().forEach(ctx.response()::putHeader);
            ProblemResponses.write(ctx.response(), e.toProblem());
            return;
        }
        ctx.next();
    }
}
