package org.capif.testing.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.capif.testing.Infrastructure;
import org.junit.jupiter.api.Test;

/** A persistent server restarts (fast shutdown, then the same postmaster again) with its data, as the fault tests need. */
class EmbeddedPostgresRestartTest {

    @Test
    void restartWhenPersistentThenDataKeptAndConnectionsAcceptedAgain() throws Exception {
        Path dir = Files.createTempDirectory("capif-pg-restart-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PostgresTls tls = PostgresTls.of(Infrastructure.pki());
        EmbeddedPostgresServer server =
                EmbeddedPostgresServer.startPersistent(dir.resolve("data"), port, tls, "pw-restart");
        try {
            try (Connection c = connect(server);
                    Statement st = c.createStatement()) {
                st.execute("create table kept (v text)");
                st.execute("insert into kept values ('before the restart')");
            }
            server.restart(Duration.ofMillis(500), dir.resolve("restart.log"));
            try (Connection c = connect(server);
                    Statement st = c.createStatement();
                    ResultSet r = st.executeQuery("select v from kept")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("before the restart");
            }
        } finally {
            server.close();
        }
    }

    @Test
    void restartWhenEphemeralThenRefused() {
        EmbeddedPostgresServer ephemeral = EmbeddedPostgresServer.startEphemeral(PostgresTls.of(Infrastructure.pki()));
        try {
            assertThatThrownBy(() -> ephemeral.restart(Duration.ZERO, Path.of("unused.log")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("persistent");
        } finally {
            ephemeral.close();
        }
    }

    private static Connection connect(EmbeddedPostgresServer server) throws Exception {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?sslmode=verify-full&sslrootcert="
                        + URLEncoder.encode(server.tls().caCert().toString(), StandardCharsets.UTF_8),
                server.adminUser(),
                server.adminPassword());
    }
}
