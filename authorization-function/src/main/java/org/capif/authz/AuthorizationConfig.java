package org.capif.authz;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Configuration of the authorization function (the shared {@code capif.tls}, {@code capif.crypto},
 * {@code capif.kafka} and {@code capif.outbox} keys are in {@link org.capif.common.config.CommonConfig}).
 * Security-relevant keys (issuer, signing keys) have no default. See {@code docs/configuration.md}.
 */
@ConfigMapping(prefix = "capif")
public interface AuthorizationConfig {

    /** Public {apiRoot} of the CAPIF APIs (TS 29.222 §7.5), used in Location headers. */
    String apiRoot();

    /** Access tokens. */
    Token token();

    /**
     * CAPIF services (by the id in their {@code urn:capif:service:<id>} certificate) that may revoke an invoker's
     * authorization on an AEF's behalf (the token validator forwarding AEF_Security_API revoke-authorization). Any
     * other service certificate is refused.
     */
    @WithDefault("token-validator")
    java.util.Set<String> revokingServices();

    /** Access tokens (TS 33.122 Annex C). */
    interface Token {
        /** The {@code iss} of issued tokens; the token validator expects exactly this value. */
        String issuer();

        /** Lifetime of issued tokens ({@code exp - iat}, and {@code expires_in}). */
        @WithDefault("PT10M")
        Duration lifetime();

        /**
         * Directory of signing keys: one PEM file {@code <kid>.key} (EC P-256, PKCS#8) per key, and a file
         * {@code active-kid} naming the key that signs. Every key in the directory is published in the JWK Set.
         */
        Path keysDir();

        /** How often the key directory is re-read (key rotation without restart). */
        @WithDefault("PT30S")
        Duration keyReloadPeriod();
    }
}
