package org.capif.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;
import org.capif.common.datastore.CapifTopics;
import org.capif.common.datastore.KafkaClientSecurity;

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

    /** How this service reaches Kafka and creates the topics it writes. */
    Kafka kafka();

    /** How this service trusts its PostgreSQL server. */
    Datasource datasource();

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
         * CAPIF service ids ({@code urn:capif:service:<id>} certificates) of front proxies that terminate the callers'
         * mutual TLS and forward the verified client certificate in {@code X-Capif-Client-Cert}; only their requests
         * may carry one (decision D26). Empty: no forwarded certificate is ever trusted.
         */
        Optional<java.util.List<String>> trustedProxies();

        /**
         * Shortest interval between two log lines about client connections that failed before HTTP for the same
         * reason (expired or untrusted client certificate, TLS version, not HTTP, ...); every failure is counted in
         * {@code capif_connection_failures_total} regardless.
         */
        @WithDefault("PT1M")
        java.time.Duration failureLogInterval();
    }

    /** Kafka: security of every client, creation of the topics the service owns. */
    interface Kafka {
        /**
         * {@code SSL} (mutual TLS, the service certificate is its identity) or {@code SASL_SSL} (SCRAM over TLS);
         * nothing else is accepted.
         */
        @WithDefault("SSL")
        KafkaClientSecurity.Protocol securityProtocol();

        /** PEM file of the CA certificate(s) that sign the brokers' certificates; default {@code capif.tls.ca-cert}. */
        Optional<Path> trustCerts();

        /** PEM file of the certificate chain presented to the brokers; default {@code capif.tls.cert}. */
        Optional<Path> clientCert();

        /** PEM file (PKCS#8) of its private key; default {@code capif.tls.key}. */
        Optional<Path> clientKey();

        /** SCRAM credentials, used with {@code SASL_SSL} only. */
        Sasl sasl();

        /** Whether to create the missing topics this service owns at startup (needs CREATE on them). */
        @WithDefault("true")
        boolean createTopics();

        /** Partitions of created topics. */
        @WithDefault("6")
        int partitions();

        /** Replication factor of created topics. */
        @WithDefault("3")
        short replicationFactor();
    }

    /** SASL/SCRAM over TLS. */
    interface Sasl {
        /** {@code SCRAM-SHA-512} or {@code SCRAM-SHA-256}. */
        @WithDefault("SCRAM-SHA-512")
        String mechanism();

        /** The SCRAM user: the service's name, so the ACLs of {@code docs/security.md} apply unchanged. */
        Optional<String> username();

        /** Its password (a secret: give it as the environment variable {@code CAPIF_KAFKA_SASL_PASSWORD}). */
        Optional<String> password();
    }

    /** PostgreSQL: the server's certificate is verified (verify-full) against this CA. */
    interface Datasource {
        /** PEM file of the CA certificate(s) that sign the PostgreSQL server's certificate. */
        Path caCert();
    }

    /** Event topic names. */
    interface Topics {
        /** Invoker lifecycle events (invoker-management to everyone), compacted, keyed by apiInvokerId. */
        @WithDefault(CapifTopics.INVOKER_EVENTS)
        String invokerEvents();

        /** Security context events (authorization function to validators), keyed by apiInvokerId. */
        @WithDefault(CapifTopics.SECURITY_EVENTS)
        String securityEvents();

        /** Access control policy events (authorization function to validators), keyed by invoker, AEF and API. */
        @WithDefault(CapifTopics.POLICY_EVENTS)
        String policyEvents();

        /** Revoked access tokens (authorization function to validators), keyed by jti. */
        @WithDefault(CapifTopics.TOKEN_REVOCATIONS)
        String tokenRevocations();

        /** API provider domain events (provider management to everyone), compacted, keyed by apiProvDomId. */
        @WithDefault("capif.provider-events")
        String providerEvents();

        /** Published service API events (provider management to everyone), compacted, keyed by apiId. */
        @WithDefault("capif.service-api-events")
        String serviceApiEvents();

        /** The token validator's access decisions for AEFs that want invocation logs (validator to event management). */
        @WithDefault(CapifTopics.DECISION_LOGS)
        String decisionLogs();

        /** Stored service API invocation logs (event management to any consumer), keyed by AEF. */
        @WithDefault(CapifTopics.INVOCATION_LOGS)
        String invocationLogs();
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
