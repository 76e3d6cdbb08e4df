package org.capif.common.datastore;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Refuses a service configuration in which any of its PostgreSQL clients could talk to the database without TLS or
 * without verifying the server: JDBC (Flyway, the outbox relay) and the reactive Vert.x client must both use
 * {@code verify-full} (certificate chained to the configured CA and naming the host), and nothing may switch that off
 * (another {@code sslmode}, {@code ssl=false}, a {@code sslfactory} or {@code sslhostnameverifier} in a URL,
 * {@code trust-all}). Checked before the first connection.
 */
public final class DatabaseTlsPolicy {

    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final String JDBC_SSLMODE = "quarkus.datasource.jdbc.additional-jdbc-properties.sslmode";
    static final String JDBC_ROOT_CERT = "quarkus.datasource.jdbc.additional-jdbc-properties.sslrootcert";
    static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    static final String REACTIVE_SSL_MODE = "quarkus.datasource.reactive.postgresql.ssl-mode";
    static final String REACTIVE_TRUST_PEM = "quarkus.datasource.reactive.trust-certificate-pem";
    static final String REACTIVE_TRUST_ALL = "quarkus.datasource.reactive.trust-all";
    static final String REACTIVE_HOSTNAME = "quarkus.datasource.reactive.hostname-verification-algorithm";

    private DatabaseTlsPolicy() {}

    /** What is wrong with the configuration read through {@code config}; empty if nothing. */
    public static List<String> violations(Function<String, Optional<String>> config) {
        List<String> out = new ArrayList<>();
        if (!is(config, JDBC_SSLMODE, "verify-full")) {
            out.add(JDBC_SSLMODE + " must be verify-full");
        }
        if (config.apply(JDBC_ROOT_CERT).filter(v -> !v.isBlank()).isEmpty()) {
            out.add(JDBC_ROOT_CERT + " must name the CA file (capif.datasource.ca-cert)");
        }
        config.apply(JDBC_URL).ifPresent(url -> {
            parameter(url, "sslmode")
                    .filter(v -> !v.equalsIgnoreCase("verify-full"))
                    .ifPresent(v -> out.add(JDBC_URL + " may only repeat sslmode=verify-full, not " + v));
            parameter(url, "ssl")
                    .filter(v -> v.equalsIgnoreCase("false"))
                    .ifPresent(v -> out.add(JDBC_URL + " may not set ssl=false"));
            for (String forbidden : List.of("sslfactory", "sslhostnameverifier")) {
                if (parameter(url, forbidden).isPresent()) {
                    out.add(JDBC_URL + " may not set " + forbidden + " (it can switch verification off)");
                }
            }
        });
        config.apply(REACTIVE_URL).ifPresent(url -> parameter(url, "sslmode")
                .filter(v -> !v.equalsIgnoreCase("verify-full"))
                .ifPresent(v -> out.add(REACTIVE_URL + " may only repeat sslmode=verify-full, not " + v)));
        if (!is(config, REACTIVE_SSL_MODE, "verify-full")) {
            out.add(REACTIVE_SSL_MODE + " must be verify-full");
        }
        if (!is(config, REACTIVE_TRUST_PEM, "true")) {
            out.add(REACTIVE_TRUST_PEM + " must be true (with .certs naming the CA file)");
        }
        if (is(config, REACTIVE_TRUST_ALL, "true")) {
            out.add(REACTIVE_TRUST_ALL + " may not be true");
        }
        if (!is(config, REACTIVE_HOSTNAME, "https")) {
            out.add(REACTIVE_HOSTNAME + " must be HTTPS");
        }
        return out;
    }

    /** Throws {@link IllegalStateException} listing every violation. */
    public static void check(Function<String, Optional<String>> config) {
        List<String> v = violations(config);
        if (!v.isEmpty()) {
            throw new IllegalStateException(
                    "refusing to connect to PostgreSQL without verified TLS: " + String.join("; ", v));
        }
    }

    private static boolean is(Function<String, Optional<String>> config, String key, String expected) {
        return config.apply(key)
                .map(v -> v.strip().toLowerCase(Locale.ROOT).replace('_', '-'))
                .filter(expected::equals)
                .isPresent();
    }

    /** A query parameter of a URL (case-insensitive name), decoded. */
    static Optional<String> parameter(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return Optional.empty();
        }
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equalsIgnoreCase(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
