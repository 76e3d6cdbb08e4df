package org.capif.common.provider;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Set;
import org.capif.common.cert.CapifRole;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Certificates of API provider domain functions (AEF, APF, AMF) are accepted only while CAPIF pins them: before any
 * resource runs, a request whose client certificate names such a function is refused with 401
 * {@code CLIENT_CERTIFICATE_INVALID} unless the service's {@link ProviderRegistry} (its view of the provider events)
 * holds a registered function of that role and id with exactly that certificate. Deregistering a domain or removing a
 * function therefore makes its certificates useless in every service at once, as for invokers. Services without a
 * registry (no provider view) accept no such certificate for anything anyway; there the filter does nothing.
 */
@ApplicationScoped
public class RegisteredFunctionFilter {

    private static final Set<CapifRole> FUNCTIONS = Set.of(CapifRole.AEF, CapifRole.APF, CapifRole.AMF);

    private final Instance<ProviderRegistry> registry;

    public RegisteredFunctionFilter(Instance<ProviderRegistry> registry) {
        this.registry = registry;
    }

    @ServerRequestFilter
    public void requireRegistered(HttpServerRequest request) {
        if (!registry.isResolvable()) {
            return;
        }
        AuthenticatedPeer peer = PeerCertificates.peer(request).orElse(null);
        if (peer != null
                && FUNCTIONS.contains(peer.identity().role())
                && !registry.get().current(peer.identity().role(), peer.id(), peer.thumbprint())) {
            throw CapifException.unauthorized(
                    Causes.CLIENT_CERTIFICATE_INVALID,
                    "The client certificate is not the current certificate of a registered "
                            + peer.identity().role().name() + " (removed, deregistered or replaced).",
                    null);
        }
    }
}
