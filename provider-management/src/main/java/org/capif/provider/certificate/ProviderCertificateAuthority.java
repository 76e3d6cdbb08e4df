package org.capif.provider.certificate;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.EnrolmentCertificateAuthority;
import org.capif.provider.ProviderManagementConfig;

/**
 * The CAPIF CA as the provider management service uses it (TS 29.222 §8.9, CAPIF-3/4/5): it certifies each registered
 * API provider domain function's key with a client certificate whose only identity is
 * {@code urn:capif:<aef|apf|amf>:<apiProvFuncId>}, so the role and the function id come from CAPIF, never from the CSR.
 */
@ApplicationScoped
public class ProviderCertificateAuthority {

    private final EnrolmentCertificateAuthority ca;

    public ProviderCertificateAuthority(ProviderManagementConfig config) {
        this.ca = new EnrolmentCertificateAuthority(
                config.ca().cert(), config.ca().key(), config.ca().certificateValidity());
    }

    /** Issues the function's client certificate. */
    public X509Certificate issue(CapifRole role, String apiProvFuncId, PublicKey key) {
        return ca.issue(new CapifIdentity(role, apiProvFuncId), key);
    }

    /** The certificate followed by the CA chain up to the root, as returned in {@code regInfo.apiProvCert}. */
    public String bundle(String certificatePem) {
        return ca.bundle(certificatePem);
    }
}
