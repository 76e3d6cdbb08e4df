package org.capif.validator.aef;

import io.vertx.core.http.HttpServerRequest;
import org.capif.common.cert.CapifRole;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;

/** Every validator operation is asked by an AEF, identified by its CAPIF client certificate. */
public final class Aefs {

    private Aefs() {}

    public static AuthenticatedPeer require(HttpServerRequest request) {
        return PeerCertificates.require(request, CapifRole.AEF);
    }
}
