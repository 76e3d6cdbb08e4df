package org.capif.invoker.certificate;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.EnrolmentCertificateAuthority;
import org.capif.invoker.InvokerManagementConfig;

/**
 * The CAPIF CA as the invoker management service uses it (TS 33.122 §6.1, CAPIF-1e): it certifies an onboarding
 * invoker's key with a client certificate whose only identity is {@code urn:capif:invoker:<apiInvokerId>}.
 */
@ApplicationScoped
public class InvokerCertificateAuthority {

    private final EnrolmentCertificateAuthority ca;

    public InvokerCertificateAuthority(InvokerManagementConfig config) {
        this.ca = new EnrolmentCertificateAuthority(
                config.ca().cert(), config.ca().key(), config.ca().certificateValidity());
    }

    /** Issues the invoker's client certificate. */
    public X509Certificate issue(String apiInvokerId, PublicKey key) {
        return ca.issue(CapifIdentity.invoker(apiInvokerId), key);
    }

    /** The certificate followed by the CA chain up to the root, as returned in {@code apiInvokerCertificate}. */
    public String bundle(String certificatePem) {
        return ca.bundle(certificatePem);
    }

    public X509Certificate caCertificate() {
        return ca.caCertificate();
    }
}
