package org.capif.testing.db;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * How a client reaches a service's database: verified TLS ({@code sslmode=verify-full} against {@code caCert}), a
 * password, and the schema named like the database.
 */
public record Database(String host, int port, String name, String user, String password, Path caCert) {

    /** The schema of the service's tables (named like its role and database). */
    public String schema() {
        return name;
    }

    /** JDBC URL with verified TLS and the service's schema, for direct JDBC use (assertions, Flyway in tests). */
    public String jdbcUrl() {
        return baseJdbcUrl() + "?sslmode=verify-full&sslrootcert="
                + URLEncoder.encode(caCert.toString(), StandardCharsets.UTF_8) + "&currentSchema=" + schema();
    }

    /** JDBC URL as a service is configured with it: TLS and schema come from the service's configuration. */
    public String baseJdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** The URL form of the Vert.x reactive PostgreSQL client (TLS from the service's configuration). */
    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + name;
    }
}
