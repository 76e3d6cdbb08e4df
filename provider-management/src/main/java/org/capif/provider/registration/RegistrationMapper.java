package org.capif.provider.registration;

import jakarta.enterprise.context.ApplicationScoped;
import org.capif.provider.certificate.ProviderCertificateAuthority;

/** Maps a stored domain to its TS 29.222 representation: the functions in registration order, with certificates. */
@ApplicationScoped
public class RegistrationMapper {

    private final ProviderCertificateAuthority ca;

    public RegistrationMapper(ProviderCertificateAuthority ca) {
        this.ca = ca;
    }

    /**
     * The domain as CAPIF answers it: {@code apiProvDomId}, every function with its {@code apiProvFuncId} and
     * {@code regInfo.apiProvCert} (certificate followed by the CA chain), and {@code regSec}, the spent registration
     * credential (single-use, so echoing it gives nothing away).
     */
    public APIProviderEnrolmentDetails toDetails(ProviderDomain domain) {
        return new APIProviderEnrolmentDetails(
                domain.apiProvDomId,
                domain.regSec,
                domain.functions.stream()
                        .map(f -> new APIProviderFunctionDetails(
                                f.apiProvFuncId,
                                new RegistrationInformation(f.apiProvPubKey, ca.bundle(f.certificatePem)),
                                f.role.name(),
                                f.apiProvFuncInfo))
                        .toList(),
                domain.apiProvDomInfo,
                domain.suppFeat,
                null);
    }
}
