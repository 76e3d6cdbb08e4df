package org.capif.invoker.certificate;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CertificateIssuer;
import org.capif.common.cert.Pem;
import org.capif.invoker.InvokerManagementConfig;

/**
 * The CAPIF CA as the invoker management service uses it (TS 33.122 §6.1, CAPIF-1e): it certifies an onboarding
 * invoker's key with a client certificate whose only identity is {@code urn:capif:invoker:<apiInvokerId>}, EKU
 * clientAuth, a random serial and the configured validity.
 */
@ApplicationScoped
public class InvokerCertificateAuthority {

    private final CertificateIssuer issuer;
    private final List<X509Certificate> chain;
    private final String chainPem;
    private final Duration validity;

    public InvokerCertificateAuthority(InvokerManagementConfig config) {
        this.chain = Pem.certificates(Pem.read(config.ca().cert()));
        this.issuer = new CertificateIssuer(
                chain.get(0), Pem.privateKey(Pem.read(config.ca().key())));
        this.chainPem = Pem.encode(chain.toArray());
        this.validity = config.ca().certificateValidity();
    }

    /** Issues the invoker's client certificate. */
    public X509Certificate issue(String apiInvokerId, PublicKey key) {
        return issuer.issue(CertificateIssuer.Request.client(key, CapifIdentity.invoker(apiInvokerId), validity));
    }

    /** The certificate followed by the CA chain up to the root, as returned in {@code apiInvokerCertificate}. */
    public String bundle(String certificatePem) {
        return certificatePem + chainPem;
    }

    public X509Certificate caCertificate() {
        return chain.get(0);
    }
}
