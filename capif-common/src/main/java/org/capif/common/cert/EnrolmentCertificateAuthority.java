package org.capif.common.cert;

import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * The CAPIF CA as the enrolling services use it (TS 33.122 §6.1 for invokers, CAPIF-3/4/5 for API provider domain
 * functions): it certifies an enrolled party's key with a client certificate whose only identity is
 * {@code urn:capif:<role>:<id>}, EKU clientAuth, a random serial and the configured validity, and hands it out
 * followed by the CA chain up to the root.
 */
public final class EnrolmentCertificateAuthority {

    private final CertificateIssuer issuer;
    private final List<X509Certificate> chain;
    private final String chainPem;
    private final Duration validity;

    /**
     * @param caCert PEM file of the signing CA certificate, optionally followed by its issuers up to the root
     * @param caKey PEM file of the signing CA's private key
     * @param validity validity of issued certificates
     */
    public EnrolmentCertificateAuthority(Path caCert, Path caKey, Duration validity) {
        this.chain = Pem.certificates(Pem.read(caCert));
        this.issuer = new CertificateIssuer(chain.get(0), Pem.privateKey(Pem.read(caKey)));
        this.chainPem = Pem.encode(chain.toArray());
        this.validity = validity;
    }

    /** Issues the client certificate of the party {@code identity} for its key. */
    public X509Certificate issue(CapifIdentity identity, PublicKey key) {
        return issuer.issue(CertificateIssuer.Request.client(key, identity, validity));
    }

    /** The certificate followed by the CA chain up to the root, as handed to the enrolled party. */
    public String bundle(String certificatePem) {
        return certificatePem + chainPem;
    }

    public X509Certificate caCertificate() {
        return chain.get(0);
    }
}
