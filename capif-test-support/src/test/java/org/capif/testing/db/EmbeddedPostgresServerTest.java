package org.capif.testing.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.capif.testing.Infrastructure;
import org.capif.testing.pki.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * The test and local-stack PostgreSQL accepts only verified TLS with SCRAM passwords, and its clients refuse a server
 * they cannot verify: real servers, real JDBC connections.
 */
class EmbeddedPostgresServerTest {

    private static PostgresServer server;
    private static EmbeddedPostgresServer foreign;
    private static EmbeddedPostgresServer misnamed;

    @BeforeAll
    static void start() {
        server = Infrastructure.postgres();
        TestPki pki = Infrastructure.pki();
        // certified by a CA the clients do not trust (the server itself is told to trust that CA, to start)
        TestPki.ServiceFiles foreignCert = pki.server("pg-foreign", true, List.of("localhost"), List.of("127.0.0.1"));
        foreign = EmbeddedPostgresServer.startEphemeral(
                new PostgresTls(foreignCert.certFile(), foreignCert.keyFile(), pki.foreignCaCertFile()));
        // certified by the CAPIF CA, but for localhost only, not for the address 127.0.0.1
        TestPki.ServiceFiles localhostOnly = pki.server("pg-localhost-only", false, List.of("localhost"), List.of());
        misnamed = EmbeddedPostgresServer.startEphemeral(
                new PostgresTls(localhostOnly.certFile(), localhostOnly.keyFile(), pki.caCertFile()));
    }

    @AfterAll
    static void stop() {
        foreign.close();
        misnamed.close();
    }

    @Test
    void connectWhenVerifiedTlsAndPasswordThenAcceptedOverTls13() throws SQLException {
        try (Connection c = DriverManager.getConnection(server.adminJdbcUrl(), "postgres", server.adminPassword());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select ssl, version from pg_stat_ssl where pid = pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean("ssl")).isTrue();
            assertThat(rs.getString("version")).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void connectWhenNoPasswordThenRefused() {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        assertThatThrownBy(() ->
                        DriverManager.getConnection(server.adminJdbcUrl(), p).close())
                .isInstanceOf(PSQLException.class)
                .hasMessageContaining("no password was provided");
    }

    @Test
    void connectWhenWrongPasswordThenRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(server.adminJdbcUrl(), "postgres", "not-the-password")
                        .close())
                .isInstanceOf(PSQLException.class)
                .satisfies(e -> assertThat(((PSQLException) e).getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void connectWhenServiceRoleWithWrongPasswordThenRefused() {
        Database db = server.createDatabase("capif_pg_test");
        assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password() + "x")
                        .close())
                .isInstanceOf(PSQLException.class)
                .satisfies(e -> assertThat(((PSQLException) e).getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void connectWhenNotTlsThenRefusedEvenWithTheRightPassword() {
        String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?sslmode=disable";
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", server.adminPassword())
                        .close())
                .isInstanceOf(PSQLException.class)
                .hasMessageContaining("no encryption");
    }

    @Test
    void connectWhenServerCertificateFromAnotherCaThenRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(
                                verifiedUrl(foreign.port(), Infrastructure.pki()), "postgres", foreign.adminPassword())
                        .close())
                .isInstanceOf(PSQLException.class)
                .hasMessageContaining("PKIX path building failed");
    }

    @Test
    void connectWhenServerCertificateNamesAnotherHostThenRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(
                                verifiedUrl(misnamed.port(), Infrastructure.pki()),
                                "postgres",
                                misnamed.adminPassword())
                        .close())
                .isInstanceOf(PSQLException.class)
                .hasMessageContaining("hostname 127.0.0.1 could not be verified");
    }

    @Test
    void serverWhenConfiguredThenOnlyHostsslScramOnLoopback() throws SQLException {
        try (Connection c = DriverManager.getConnection(server.adminJdbcUrl(), "postgres", server.adminPassword());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select type, address, auth_method from pg_hba_file_rules"
                        + " where error is null order by rule_number")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
                    .containsExactly("hostssl", "127.0.0.1", "scram-sha-256");
            assertThat(rs.next()).as("a single rule").isFalse();
        }
        try (Connection c = DriverManager.getConnection(server.adminJdbcUrl(), "postgres", server.adminPassword());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_setting('password_encryption'),"
                        + " current_setting('listen_addresses'), current_setting('unix_socket_directories'),"
                        + " (select rolpassword like 'SCRAM-SHA-256$%' from pg_authid where rolname = 'postgres')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("scram-sha-256");
            assertThat(rs.getString(2)).isEqualTo("127.0.0.1");
            assertThat(rs.getString(3)).isEmpty();
            assertThat(rs.getBoolean(4))
                    .as("superuser password stored as a SCRAM verifier")
                    .isTrue();
        }
    }

    private static String verifiedUrl(int port, TestPki pki) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=verify-full&sslrootcert="
                + URLEncoder.encode(pki.caCertFile().toString(), StandardCharsets.UTF_8);
    }
}
