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

    /** How this service creates the Kafka topics it writes. */
    KafkaTopics kafka();

    /** The event topics of the CAPIF core (the same names for every service). */
    Topics topics();

    /** The relay that publishes this service's outbox to Kafka. */
    Outbox outbox();

    /** TLS material. */
    interface Tls {
        /** PEM file of the CAPIF CA certificate(s): the trust anchor for client certificates. */
        Path caCert();

        /** PEM file of the server certificate chain. */
        Path cert();

        /** PEM file of the server private key. */
        Path key();

        /**
         * Shortest interval between two log lines about client connections that failed before HTTP for the same
         * reason (expired or untrusted client certificate, TLS version, not HTTP, ...); every failure is counted in
         * {@code capif_connection_failures_total} regardless.
         */
        @WithDefault("PT1M")
        java.time.Duration failureLogInterval();
    }

    /** Creation of the topics a service writes. */
    interface KafkaTopics {
        /** Whether to create missing topics at startup (needs the Kafka CreateTopics ACL). */
        @WithDefault("true")
        boolean createTopics();

        /** Partitions of created topics. */
        @WithDefault("6")
        int partitions();

        /** Replication factor of created topics. */
        @WithDefault("3")
        short replicationFactor();
    }

    /** Event topic names. */
    interface Topics {
        /** Invoker lifecycle events (invoker-management to everyone), compacted, keyed by apiInvokerId. */
        @WithDefault("capif.invoker-events")
        String invokerEvents();

        /** Security context events (authorization function to validators), keyed by apiInvokerId. */
        @WithDefault("capif.security-events")
        String securityEvents();

        /** Access control policy events (authorization function to validators), keyed by invoker, AEF and API. */
        @WithDefault("capif.policy-events")
        String policyEvents();

        /** Revoked access tokens (authorization function to validators), keyed by jti. */
        @WithDefault("capif.token-revocations")
        String tokenRevocations();
    }

    /** Outbox relay tuning. */
    interface Outbox {
        /** Rows published per round. */
        @WithDefault("200")
        int batchSize();

        /** How often to look for rows written by other replicas. */
        @WithDefault("PT1S")
        java.time.Duration pollInterval();

        /** Longest pause between rounds while Kafka is unreachable. */
        @WithDefault("PT5S")
        java.time.Duration maxBackoff();

        /** How long to wait for Kafka to acknowledge a round. */
        @WithDefault("PT10S")
        java.time.Duration ackTimeout();
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
