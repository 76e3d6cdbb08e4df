package org.capif.authz.token;

import org.capif.authz.invoker.InvokerView;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.Thumbprints;
import org.capif.common.tls.AuthenticatedPeer;

/**
 * Client authentication of the token endpoint by the TLS client certificate (RFC 8705 §2: the certificate chained to
 * the CAPIF CA at the TLS layer). Checks, in order: the certificate is an API invoker's; its invoker id equals
 * {@code client_id} and the {@code securityId} of the URI; the invoker is known and active; the certificate is the
 * invoker's current one (pinned thumbprint). Any failure is {@code invalid_client}.
 */
public final class ClientAuthenticator {

    private ClientAuthenticator() {}

    public static InvokerView authenticate(
            AuthenticatedPeer peer, AccessTokenRequest request, String securityId, InvokerView view) {
        if (!peer.is(CapifRole.INVOKER)) {
            throw TokenError.of(TokenError.INVALID_CLIENT, "the client certificate is not an API invoker's");
        }
        if (!peer.id().equals(request.clientId())) {
            throw TokenError.of(TokenError.INVALID_CLIENT, "client_id does not match the client certificate");
        }
        if (!peer.id().equals(securityId)) {
            throw TokenError.of(
                    TokenError.INVALID_CLIENT, "securityId in the URI does not match the client certificate");
        }
        if (view == null) {
            throw TokenError.of(TokenError.INVALID_CLIENT, "unknown API invoker " + peer.id());
        }
        if (!view.active()) {
            throw TokenError.of(TokenError.INVALID_CLIENT, "API invoker " + peer.id() + " is offboarded");
        }
        if (!Thumbprints.matches(view.certificateThumbprint(), peer.thumbprint())) {
            throw TokenError.of(
                    TokenError.INVALID_CLIENT, "the client certificate is not the invoker's current certificate");
        }
        return view;
    }
}
