package org.capif.common.tls;

import io.vertx.core.http.HttpServerRequest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.Thumbprints;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;

/**
 * Reads the client certificate of a request. The TLS layer has already verified the chain against the CAPIF CA trust
 * store; this class only turns the leaf certificate into an {@link AuthenticatedPeer}, or refuses the request.
 */
public final class PeerCertificates {

    private PeerCertificates() {}

    /**
     * The verified leaf client certificate of the caller, if it presented one: the TLS peer's, or, when the TLS peer is
     * a trusted front proxy, the one it forwarded ({@link TrustedProxies}).
     */
    public static Optional<X509Certificate> leaf(HttpServerRequest request) {
        Optional<X509Certificate> direct = direct(request);
        if (direct.isPresent() && TrustedProxies.isProxy(direct.get())) {
            return TrustedProxies.forwarded(request.getHeader(TrustedProxies.HEADER));
        }
        return direct;
    }

    /** The TLS peer's own verified leaf certificate, if any. */
    private static Optional<X509Certificate> direct(HttpServerRequest request) {
        SSLSession session = request.sslSession();
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x509) {
                return Optional.of(x509);
            }
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The peer, or empty if no client certificate was presented; throws 401 if it carries no CAPIF identity. */
    public static Optional<AuthenticatedPeer> peer(HttpServerRequest request) {
        return leaf(request)
                .map(cert -> new AuthenticatedPeer(
                        CapifIdentity.of(cert)
                                .orElseThrow(() -> CapifException.unauthorized(
                                        Causes.CLIENT_CERTIFICATE_INVALID,
                                        "The client certificate carries no CAPIF identity (urn:capif:<role>:<id> URI SAN).",
                                        null)),
                        Thumbprints.x5tS256(cert),
                        cert));
    }

    /**
     * The peer if its certificate has one of the roles; 401 {@code CLIENT_CERTIFICATE_REQUIRED} without a certificate,
     * 403 {@code ROLE_NOT_ALLOWED} for another role.
     */
    public static AuthenticatedPeer require(HttpServerRequest request, CapifRole... roles) {
        AuthenticatedPeer peer = require(request);
        if (java.util.Arrays.stream(roles).noneMatch(peer::is)) {
            throw CapifException.forbidden(
                    Causes.ROLE_NOT_ALLOWED,
                    "A " + peer.identity().role().uriName() + " certificate may not perform this operation; it needs "
                            + java.util.Arrays.stream(roles)
                                    .map(CapifRole::uriName)
                                    .toList() + ".");
        }
        return peer;
    }

    /** The peer; throws 401 {@code CLIENT_CERTIFICATE_REQUIRED} if the client presented no certificate. */
    public static AuthenticatedPeer require(HttpServerRequest request) {
        return peer(request)
                .orElseThrow(() -> CapifException.unauthorized(
                        Causes.CLIENT_CERTIFICATE_REQUIRED,
                        "This operation requires mutual TLS with a client certificate issued by the CAPIF CA.",
                        null));
    }
}
