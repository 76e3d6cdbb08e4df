package org.capif.common.tls;

import java.security.cert.X509Certificate;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;

/**
 * The party at the other end of a mutually authenticated TLS connection: the certificate chained to the CAPIF CA (the
 * TLS layer checked that), the CAPIF identity it carries and its {@code x5t#S256} thumbprint.
 */
public record AuthenticatedPeer(CapifIdentity identity, String thumbprint, X509Certificate certificate) {

    public boolean is(CapifRole role) {
        return identity.role() == role;
    }

    public String id() {
        return identity.id();
    }
}
