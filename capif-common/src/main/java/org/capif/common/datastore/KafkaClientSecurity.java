package org.capif.common.datastore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The security settings of every Kafka client of a service (outbox producer, topic provisioner, consumers, readiness
 * probe, messaging channels): TLS with the brokers' certificates verified against the configured CA and their host
 * name, and either the service's own certificate (mutual TLS, {@code SSL}) or SCRAM over TLS ({@code SASL_SSL}).
 * There is no plaintext mode: a deployment that tries to set the security keys through {@code kafka.*} is refused,
 * naming the {@code capif.kafka.*} key to use instead.
 */
public final class KafkaClientSecurity {

    /** The two accepted ways to reach Kafka. */
    public enum Protocol {
        /** TLS, authenticated by the service's certificate (principal mapped from its subject). */
        SSL,
        /** TLS, authenticated by SASL/SCRAM (principal = user name). */
        SASL_SSL
    }

    /**
     * Where the client's security material comes from.
     *
     * @param protocol SSL or SASL_SSL
     * @param trustCerts PEM file of the CA certificate(s) that sign the brokers' certificates
     * @param clientCert PEM file of the service's certificate chain (its Kafka identity with SSL)
     * @param clientKey PEM file (PKCS#8) of its private key
     * @param saslMechanism SCRAM-SHA-512 or SCRAM-SHA-256 (SASL_SSL)
     * @param saslUsername the SCRAM user (SASL_SSL)
     * @param saslPassword its password (SASL_SSL)
     */
    public record Settings(
            Protocol protocol,
            Path trustCerts,
            Path clientCert,
            Path clientKey,
            String saslMechanism,
            Optional<String> saslUsername,
            Optional<String> saslPassword) {}

    /** Kafka client keys that only this class sets. */
    static final Set<String> MANAGED = Set.of(
            "security.protocol",
            "ssl.endpoint.identification.algorithm",
            "ssl.keystore.type",
            "ssl.keystore.location",
            "ssl.keystore.password",
            "ssl.keystore.key",
            "ssl.keystore.certificate.chain",
            "ssl.key.password",
            "ssl.truststore.type",
            "ssl.truststore.location",
            "ssl.truststore.password",
            "ssl.truststore.certificates",
            "ssl.engine.factory.class",
            "tls-configuration-name",
            "sasl.mechanism",
            "sasl.jaas.config",
            "sasl.client.callback.handler.class",
            "sasl.login.class");

    private static final List<String> SCRAM = List.of("SCRAM-SHA-512", "SCRAM-SHA-256");

    private KafkaClientSecurity() {}

    /**
     * The client configuration {@code kafka} (from {@code kafka.*} keys) with the security settings added. Throws
     * {@link IllegalStateException} naming the problem if a managed key is set directly (only
     * {@code security.protocol} may repeat the configured protocol), a file is unreadable, or SASL_SSL lacks its user or
     * password.
     */
    public static Map<String, Object> secure(Map<String, Object> kafka, Settings settings) {
        for (Map.Entry<String, Object> e : kafka.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (key.equals("security.protocol")
                    && settings.protocol().name().equalsIgnoreCase(String.valueOf(e.getValue()))) {
                continue; // says what capif.kafka.security-protocol says
            }
            if (MANAGED.contains(key)) {
                throw new IllegalStateException("kafka." + e.getKey() + " may not be set: Kafka security comes from"
                        + " capif.kafka.security-protocol, capif.kafka.trust-certs, capif.kafka.client-cert/-key and"
                        + " capif.kafka.sasl.* (see docs/configuration.md)");
            }
        }
        Map<String, Object> out = new HashMap<>(kafka);
        out.put("security.protocol", settings.protocol().name());
        // the broker's certificate must name the host we connect to (RFC 6125), not merely chain to the CA
        out.put("ssl.endpoint.identification.algorithm", "https");
        out.put("ssl.truststore.type", "PEM");
        out.put(
                "ssl.truststore.location",
                readable(settings.trustCerts(), "capif.kafka.trust-certs").toString());
        // Inline PEM (Kafka type PASSWORD: never logged) so that the same two files serve HTTPS and Kafka.
        out.put("ssl.keystore.type", "PEM");
        out.put("ssl.keystore.certificate.chain", read(settings.clientCert(), "capif.kafka.client-cert"));
        out.put("ssl.keystore.key", read(settings.clientKey(), "capif.kafka.client-key"));
        if (settings.protocol() == Protocol.SASL_SSL) {
            String mechanism = settings.saslMechanism().toUpperCase(Locale.ROOT);
            if (!SCRAM.contains(mechanism)) {
                throw new IllegalStateException("capif.kafka.sasl.mechanism must be one of " + SCRAM);
            }
            String user = settings.saslUsername()
                    .filter(u -> !u.isBlank())
                    .orElseThrow(() -> new IllegalStateException(
                            "capif.kafka.sasl.username is required with capif.kafka.security-protocol=SASL_SSL"));
            String password = settings.saslPassword()
                    .filter(p -> !p.isEmpty())
                    .orElseThrow(() -> new IllegalStateException(
                            "capif.kafka.sasl.password is required with capif.kafka.security-protocol=SASL_SSL"));
            out.put("sasl.mechanism", mechanism);
            out.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + jaas(user)
                            + "\" password=\"" + jaas(password) + "\";");
        }
        return out;
    }

    /** A value as a JAAS quoted string: backslash and double quote escaped. */
    static String jaas(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static Path readable(Path file, String key) {
        if (file == null || !Files.isReadable(file)) {
            throw new IllegalStateException(key + " names no readable file: " + file);
        }
        return file;
    }

    private static String read(Path file, String key) {
        try {
            return Files.readString(readable(file, key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + " " + file, e);
        }
    }
}
