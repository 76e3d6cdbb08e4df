package org.capif.provider;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Configuration of the provider management service (the shared {@code capif.tls}, {@code capif.topics} and friends are
 * in {@link org.capif.common.config.CommonConfig}). Security-relevant keys (CA, credential keys, issuer, audience) have
 * no default: a service missing them refuses to start. See {@code docs/configuration.md}.
 */
@ConfigMapping(prefix = "capif")
public interface ProviderManagementConfig {

    /** Public {apiRoot} of the CAPIF APIs (TS 29.222 §7.5), used in Location headers instead of internal addresses. */
    String apiRoot();

    /** The CAPIF CA that signs the certificates of API provider domain functions (CAPIF-3, -4, -5). */
    Ca ca();

    /** Provider registration credentials ({@code regSec}, TS 29.222 §8.9). */
    Credential credential();

    /** Rules for published service APIs. */
    Publish publish();

    /** The optional OpenCAPIF SDK compatibility endpoint ({@code GET /getauth}, decisions D19). */
    SdkCompat sdkCompat();

    /** The OpenCAPIF SDK compatibility endpoint: off unless the operator turns it on. */
    interface SdkCompat {
        /** Whether {@code GET /getauth} and the SDK user administration are served at all. */
        @WithDefault("false")
        boolean enabled();

        /** The {@code aud} of onboarding credentials minted for SDK invokers (the invoker management's audience). */
        @WithDefault("capif-invoker-management")
        String onboardingAudience();

        /** Failed logins after which a user is locked. */
        @WithDefault("5")
        int lockoutAttempts();

        /** How long a locked user stays locked. */
        @WithDefault("PT5M")
        Duration lockoutDuration();

        /** Lifetime of the credentials minted for SDK users (short: the SDK uses them at once). */
        @WithDefault("PT10M")
        Duration credentialLifetime();
    }

    /** The CAPIF CA that signs provider function certificates. */
    interface Ca {
        /** PEM file of the signing CA certificate, optionally followed by its issuers up to the root. */
        Path cert();

        /** PEM file of the signing CA private key. */
        Path key();

        /** Validity of issued provider function certificates. */
        @WithDefault("P30D")
        Duration certificateValidity();
    }

    /** Registration credentials: signed JWTs minted by the operator, each good for one registration. */
    interface Credential {
        /** PEM file of the EC P-256 private key that signs credentials (ES256). */
        Path signingKey();

        /** PEM file of the matching public key, used to verify presented credentials. */
        Path verificationKey();

        /** The {@code iss} of credentials; presented credentials with another issuer are refused. */
        String issuer();

        /**
         * The {@code aud} of registration credentials; it must differ from the invoker onboarding audience, so that
         * neither kind of credential can be used for the other.
         */
        String audience();

        /** Lifetime of minted credentials when the operator does not ask for one. */
        @WithDefault("PT24H")
        Duration defaultLifetime();

        /** Longest lifetime a credential may have; longer ones are neither minted nor accepted. */
        @WithDefault("P7D")
        Duration maxLifetime();
    }

    /** Rules for published service APIs. */
    interface Publish {
        /**
         * Whether {@code interfaceDescriptions} may name loopback, link-local, private (RFC 1918, RFC 4193) or
         * unspecified addresses. Invokers discover exactly what is published, so by default an APF cannot publish an
         * address inside the operator's network (TS 23.222 AR-4.3.2-a, topology hiding); a lab may allow it.
         */
        @WithDefault("false")
        boolean allowInternalAddresses();

        /** Most service APIs one API publishing function may have published at a time. */
        @WithDefault("1000")
        int maxApisPerApf();
    }
}
