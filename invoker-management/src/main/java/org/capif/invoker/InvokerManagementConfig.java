package org.capif.invoker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Configuration of the invoker management service (the shared {@code capif.tls} and {@code capif.crypto} keys are in
 * {@link org.capif.common.config.CommonConfig}). Security-relevant keys (CA, credential keys, issuer, audience) have no
 * default: a service missing them refuses to start. See {@code docs/configuration.md}.
 */
@ConfigMapping(prefix = "capif")
public interface InvokerManagementConfig {

    /** Public {apiRoot} of the CAPIF APIs (TS 29.222 §7.5), used in Location headers instead of internal addresses. */
    String apiRoot();

    /** The CAPIF CA that signs invoker client certificates (CAPIF-1e). */
    Ca ca();

    /** Onboarding credentials (TS 33.122 §6.1). */
    Credential credential();

    /** The CAPIF CA that signs invoker client certificates. */
    interface Ca {
        /** PEM file of the signing CA certificate, optionally followed by its issuers up to the root. */
        Path cert();

        /** PEM file of the signing CA private key. */
        Path key();

        /** Validity of issued invoker certificates. */
        Duration certificateValidity();
    }

    /** Onboarding credentials: signed JWTs minted by the operator, each good for one onboarding. */
    interface Credential {
        /** PEM file of the EC P-256 private key that signs credentials (ES256). */
        Path signingKey();

        /** PEM file of the matching public key, used to verify presented credentials. */
        Path verificationKey();

        /** The {@code iss} of credentials; presented credentials with another issuer are refused. */
        String issuer();

        /** The {@code aud} of credentials; presented credentials for another audience are refused. */
        String audience();

        /** Lifetime of minted credentials when the operator does not ask for one. */
        @WithDefault("PT24H")
        Duration defaultLifetime();

        /** Longest lifetime a credential may have; longer ones are neither minted nor accepted. */
        @WithDefault("P7D")
        Duration maxLifetime();
    }
}
