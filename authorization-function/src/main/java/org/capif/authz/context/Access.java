package org.capif.authz.context;

import java.util.Arrays;
import org.capif.authz.invoker.InvokerView;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.Thumbprints;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.tls.AuthenticatedPeer;

/**
 * Who may do what on the security API, decided from the client certificate alone (see {@code docs/security.md}):
 * an invoker acts only on its own context and only with its current certificate; an AEF only on what concerns it; the
 * operator on anything.
 */
final class Access {

    private Access() {}

    static void requireRole(AuthenticatedPeer peer, CapifRole... roles) {
        if (Arrays.stream(roles).noneMatch(peer::is)) {
            throw CapifException.forbidden(
                    Causes.ROLE_NOT_ALLOWED,
                    "A " + peer.identity().role().uriName() + " certificate may not perform this operation.");
        }
    }

    /** The peer must be the invoker named in the URI. */
    static void requireInvokerItself(AuthenticatedPeer peer, String apiInvokerId) {
        requireRole(peer, CapifRole.INVOKER);
        if (!peer.id().equals(apiInvokerId)) {
            throw CapifException.forbidden(
                    Causes.RESOURCE_NOT_OWNED, "An API invoker may only act on its own security context.");
        }
    }

    /**
     * The invoker must be onboarded and active (else {@code unknownStatus}: 404, or 403 where the operation declares no
     * 404, as PUT /trustedInvokers does); an invoker peer must present its current (pinned) certificate.
     */
    static InvokerView requireActive(AuthenticatedPeer peer, InvokerView view, String apiInvokerId, int unknownStatus) {
        if (view == null || !view.active()) {
            throw new CapifException(
                    unknownStatus,
                    unknownStatus == 404 ? "Not Found" : "Forbidden",
                    Causes.API_INVOKER_NOT_FOUND,
                    "No onboarded API invoker " + apiInvokerId + ".",
                    null,
                    null);
        }
        if (peer.is(CapifRole.INVOKER) && !Thumbprints.matches(view.certificateThumbprint(), peer.thumbprint())) {
            throw CapifException.unauthorized(
                    Causes.CLIENT_CERTIFICATE_INVALID,
                    "The client certificate is not the invoker's current certificate.",
                    null);
        }
        return view;
    }

    static CapifException contextNotFound(String apiInvokerId) {
        return CapifException.notFound(
                Causes.SECURITY_CONTEXT_NOT_FOUND, "No security context for API invoker " + apiInvokerId + ".");
    }
}
