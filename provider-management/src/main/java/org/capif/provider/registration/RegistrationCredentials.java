package org.capif.provider.registration;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.capif.common.credential.CredentialRequest;
import org.capif.common.credential.OperatorCredentials;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.provider.ProviderManagementConfig;

/**
 * Registration credentials ({@code regSec}, TS 29.222 §8.9): the provider management service's
 * {@link OperatorCredentials}, for its own audience. That a credential is used only once is enforced by the
 * registration transaction (table {@code used_registration_credential}).
 */
@ApplicationScoped
public class RegistrationCredentials {

    private final OperatorCredentials credentials;

    public RegistrationCredentials(ProviderManagementConfig config, Clock clock) {
        ProviderManagementConfig.Credential c = config.credential();
        this.credentials = new OperatorCredentials(
                new OperatorCredentials.Settings(
                        "registration",
                        c.signingKey(),
                        c.verificationKey(),
                        c.issuer(),
                        c.audience(),
                        c.defaultLifetime(),
                        c.maxLifetime()),
                clock);
    }

    /** Mints a single-use credential as the operator asked (see {@link OperatorCredentials#mint(CredentialRequest)}). */
    public OperatorCredentials.Minted mint(CredentialRequest request) {
        if (request != null
                && request.defaultApis() != null
                && !request.defaultApis().isEmpty()) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    "A registration credential carries no default subscription (that is for onboarding credentials).",
                    new org.capif.common.problem.InvalidParam("/defaultApis", "not allowed here"));
        }
        return credentials.mint(request);
    }

    /** Mints a credential for an SDK user (decisions D19). */
    public OperatorCredentials.Minted mintFor(String subject, java.time.Duration lifetime) {
        return credentials.mint(subject, lifetime);
    }

    /**
     * Verifies the registration credential: {@code regSec} of the body, where TS 29.222 puts it; an
     * {@code Authorization: Bearer} header may carry it too (clients send both), and must then carry the same one.
     */
    public OperatorCredentials.Verified verify(String regSec, String authorization) {
        if (authorization != null && !authorization.isBlank()) {
            String bearer = credentials.bearer(authorization);
            if (regSec != null && !regSec.isBlank() && !bearer.equals(regSec.strip())) {
                throw CapifException.unauthorized(
                        Causes.CREDENTIAL_INVALID,
                        "The Authorization header and regSec carry different registration credentials.",
                        "Bearer error=\"invalid_request\"");
            }
            return credentials.verify(bearer);
        }
        if (regSec == null || regSec.isBlank()) {
            credentials.bearer(null); // 401 CREDENTIAL_MISSING with the Bearer challenge
        }
        return credentials.verify(regSec.strip());
    }
}
