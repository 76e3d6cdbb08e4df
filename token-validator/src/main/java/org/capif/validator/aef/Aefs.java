package org.capif.validator.aef;

import io.vertx.core.http.HttpServerRequest;
import org.capif.common.cert.CapifRole;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;

/** Every validator operation is asked by an AEF, identified by its CAPIF client certificate. */
public final class Aefs {

    private Aefs() {}

    public static AuthenticatedPeer require(HttpServerRequest request) {
        AuthenticatedPeer peer = PeerCertificates.require(request);
        if (!peer.is(CapifRole.AEF)) {
            throw CapifException.forbidden(
                    Causes.ROLE_NOT_ALLOWED, "Only API exposing functions (AEF certificates) may ask the validator.");
        }
        return peer;
    }
}
