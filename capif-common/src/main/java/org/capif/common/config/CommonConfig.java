package org.capif.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/**
 * Configuration keys every CAPIF service shares (the service's own mapping holds the rest of {@code capif.*}). See
 * {@code docs/configuration.md}.
 */
@ConfigMapping(prefix = "capif")
public interface CommonConfig {

    /** TLS material of the service's servers (referenced by the {@code quarkus.tls.capif.*} registry entries). */
    Tls tls();

    /** Cryptography provider choice. */
    Crypto crypto();

    /** TLS material. */
    interface Tls {
        /** PEM file of the CAPIF CA certificate(s): the trust anchor for client certificates. */
        Path caCert();

        /** PEM file of the server certificate chain. */
        Path cert();

        /** PEM file of the server private key. */
        Path key();
    }

    /** Cryptography provider choice. */
    interface Crypto {
        /**
         * Install the native Amazon Corretto Crypto Provider first (falls back to the JDK providers if it cannot
         * load); false keeps the JDK providers.
         */
        @WithDefault("true")
        boolean nativeProvider();
    }
}
