package org.capif.testing.db;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.postgresql.util.PasswordUtil;

/**
 * A real PostgreSQL server for tests and the local stack, reached over verified TLS with passwords only. Each service
 * gets a least-privilege login role that owns one schema of its own name in a database of its own name, as in
 * production (see {@code docs/security.md#datastores}).
 */
public interface PostgresServer extends AutoCloseable {

    /** Role, schema and database names: lower-case identifiers, so they never need quoting. */
    Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    String host();

    int port();

    String adminUser();

    String adminPassword();

    /** The server's TLS material; clients verify against {@link PostgresTls#caCert()}. */
    PostgresTls tls();

    @Override
    void close();

    /** JDBC URL of the server's maintenance database, verified TLS (for the superuser). */
    default String adminJdbcUrl() {
        return adminDatabase("postgres").jdbcUrl();
    }

    /** The superuser on a service's database, for assertions and fault injection in tests. */
    default Database adminDatabase(String name) {
        return new Database(host(), port(), name, adminUser(), adminPassword(), tls().caCert());
    }

    /** Creates (or brings up to date) the role, database and schema {@code name}, with a password of its own. */
    default Database createDatabase(String name) {
        return createDatabase(name, derivedPassword(name));
    }

    /**
     * Creates (or brings up to date) the login role {@code name}: no superuser, no CREATEDB, no CREATEROLE, no
     * replication, no BYPASSRLS; the database {@code name} (owned by the superuser) which only that role may connect to;
     * and the schema {@code name}, owned by the role and its search path. The role has no right on the {@code public}
     * schema. Its password is sent as a SCRAM-SHA-256 verifier computed here, so it never reaches the server in clear.
     */
    default Database createDatabase(String name, String password) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain role name: " + name);
        }
        String verifier = PasswordUtil.encodeScramSha256(password.toCharArray());
        try (Connection c = DriverManager.getConnection(adminJdbcUrl(), adminUser(), adminPassword());
                Statement s = c.createStatement()) {
            String flags = " login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls password '"
                    + verifier + "'";
            s.execute((exists(c, "select 1 from pg_roles where rolname = ?", name) ? "alter role " : "create role ")
                    + name
                    + flags);
            if (!exists(c, "select 1 from pg_database where datname = ?", name)) {
                s.execute("create database " + name);
            }
            s.execute("revoke all on database " + name + " from public");
            s.execute("grant connect on database " + name + " to " + name);
            // nobody but the superuser needs the maintenance database
            s.execute("revoke all on database postgres from public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create role and database " + name, e);
        }
        try (Connection c = DriverManager.getConnection(adminDatabase(name).jdbcUrl(), adminUser(), adminPassword());
                Statement s = c.createStatement()) {
            s.execute("revoke all on schema public from public");
            s.execute("create schema if not exists " + name + " authorization " + name);
            s.execute("alter role " + name + " in database " + name + " set search_path = " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + name, e);
        }
        return new Database(host(), port(), name, name, password, tls().caCert());
    }

    /** A password for role {@code name}, derived from the superuser's (random per throw-away server). */
    default String derivedPassword(String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(adminPassword().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean exists(Connection c, String query, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
