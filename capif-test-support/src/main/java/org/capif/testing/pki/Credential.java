package org.capif.testing.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.capif.common.cert.Pem;
import org.capif.common.cert.Thumbprints;

/** A key pair with its certificate, as a test client or server holds it. */
public record Credential(KeyPair keyPair, X509Certificate certificate) {

    public String thumbprint() {
        return Thumbprints.x5tS256(certificate);
    }

    public String certificatePem() {
        return Pem.encode(certificate);
    }

    public String privateKeyPem() {
        return Pem.encode(keyPair.getPrivate());
    }
}
