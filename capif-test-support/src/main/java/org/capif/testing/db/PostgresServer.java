package org.capif.testing.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server for tests: embedded binaries, or a container where Docker is available. Each service gets
 * its own database owned by its own login role, as in production.
 */
public interface PostgresServer extends AutoCloseable {

    String host();

    int port();

    /** JDBC URL of the server's maintenance database, for the superuser. */
    String adminJdbcUrl();

    String adminUser();

    String adminPassword();

    @Override
    void close();

    /** Creates (if absent) a database owned by a login role of the same name and returns how to reach it. */
    default Database createDatabase(String name) {
        return createDatabase(name, name + "-pw");
    }

    /** As {@link #createDatabase(String)}, with the role's password. */
    default Database createDatabase(String name, String password) {
        try (Connection c = DriverManager.getConnection(adminJdbcUrl(), adminUser(), adminPassword());
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 1 from pg_roles where rolname = '" + name + "'");
            if (!rs.next()) {
                s.execute("create role " + name + " login password '" + password + "'");
            }
            rs = s.executeQuery("select 1 from pg_database where datname = '" + name + "'");
            if (!rs.next()) {
                s.execute("create database " + name + " owner " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new Database(host(), port(), name, name, password);
    }
}
