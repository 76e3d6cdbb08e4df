package org.capif.invoker.credential;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.capif.common.credential.CredentialRequest;
import org.capif.common.credential.OperatorCredentials;
import org.capif.invoker.InvokerManagementConfig;

/**
 * Onboarding credentials (TS 33.122 §6.1 and Annex B.1) that the operator hands an invoker before it onboards: the
 * invoker management service's {@link OperatorCredentials}, for its own audience. That a credential is used only once
 * is enforced by the onboarding transaction (table {@code used_onboarding_credential}).
 */
@ApplicationScoped
public class OnboardingCredentials {

    private final OperatorCredentials credentials;

    public OnboardingCredentials(InvokerManagementConfig config, Clock clock) {
        InvokerManagementConfig.Credential c = config.credential();
        this.credentials = new OperatorCredentials(
                new OperatorCredentials.Settings(
                        "onboarding",
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
        return credentials.mint(request);
    }

    /** Verifies the credential of an {@code Authorization: Bearer} header; 401 for a missing or bad one. */
    public OperatorCredentials.Verified verifyBearer(String authorization) {
        return credentials.verify(credentials.bearer(authorization));
    }
}
