package org.capif.provider.registration;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.capif.common.cert.Thumbprints;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.tls.AuthenticatedPeer;

/**
 * Authenticates API provider domain functions (AMF, APF) at the provider management service: the client certificate
 * (already chained to the CAPIF CA and carrying a role, see {@link org.capif.common.tls.PeerCertificates}) must be the
 * one CAPIF currently pins for a registered function of that role and id. A removed function, a deregistered domain or
 * a replaced certificate gives 401 {@code CLIENT_CERTIFICATE_INVALID}.
 */
@ApplicationScoped
public class ProviderPeers {

    private final ProviderRepositories.Functions functions;

    public ProviderPeers(ProviderRepositories.Functions functions) {
        this.functions = functions;
    }

    /** The registered function the peer's certificate proves (call inside a session). */
    public Uni<RegisteredFunction> registered(AuthenticatedPeer peer) {
        return functions.findById(peer.id()).map(function -> {
            if (function == null
                    || function.role != peer.identity().role()
                    || !Thumbprints.matches(function.certificateThumbprint, peer.thumbprint())) {
                throw CapifException.unauthorized(
                        Causes.CLIENT_CERTIFICATE_INVALID,
                        "The client certificate is not the current certificate of a registered "
                                + peer.identity().role().name() + " (removed, deregistered or replaced).",
                        null);
            }
            return function;
        });
    }

    /** 403 {@code RESOURCE_NOT_OWNED} unless the peer is the function named in the URI. */
    public static void requireSelf(AuthenticatedPeer peer, String functionIdInUri) {
        if (!peer.id().equals(functionIdInUri)) {
            throw CapifException.forbidden(
                    Causes.RESOURCE_NOT_OWNED,
                    "A " + peer.identity().role().name() + " may only act on its own resources (" + peer.id() + ").");
        }
    }
}
