package org.capif.testing.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.capif.common.datastore.CapifService;
import org.capif.testing.Infrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * Each service's role is least-privilege: it owns its schema and nothing else, cannot read another service's tables
 * and cannot create objects anywhere else. Real server, real roles as {@link PostgresServer#createDatabase} makes them.
 */
class ServiceRolesTest {

    private static Database invoker;
    private static Database validator;

    @BeforeAll
    static void roles() throws SQLException {
        PostgresServer pg = Infrastructure.postgres();
        invoker = pg.createDatabase(CapifService.INVOKER_MANAGEMENT.role());
        validator = pg.createDatabase(CapifService.TOKEN_VALIDATOR.role());
        execute(invoker, "create table if not exists roles_test_secret (v text)");
        execute(invoker, "insert into roles_test_secret values ('only for invoker-management')");
    }

    @Test
    void roleWhenCreatedThenNoSuperuserCreatedbCreateroleReplicationOrBypassRls() {
        Map<String, Object> row = new Sql(Infrastructure.postgres().adminDatabase("postgres"))
                .rows(
                        "select rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolinherit,"
                                + " rolcanlogin from pg_roles where rolname = ?",
                        validator.user())
                .get(0);
        assertThat(row)
                .containsEntry("rolsuper", false)
                .containsEntry("rolcreatedb", false)
                .containsEntry("rolcreaterole", false)
                .containsEntry("rolreplication", false)
                .containsEntry("rolbypassrls", false)
                .containsEntry("rolinherit", false)
                .containsEntry("rolcanlogin", true);
    }

    @Test
    void tableWhenCreatedByTheRoleThenInItsOwnSchemaAndOwnedByIt() {
        assertThat(new Sql(invoker)
                        .rows("select schemaname, tableowner from pg_tables where tablename = 'roles_test_secret'")
                        .get(0))
                .containsEntry("schemaname", invoker.schema())
                .containsEntry("tableowner", invoker.user());
    }

    @Test
    void connectWhenAnotherServicesDatabaseThenRefused() {
        Database intruder = new Database(
                invoker.host(),
                invoker.port(),
                invoker.name(),
                validator.user(),
                validator.password(),
                invoker.caCert());
        assertThatThrownBy(() -> DriverManager.getConnection(intruder.jdbcUrl(), intruder.user(), intruder.password())
                        .close())
                .isInstanceOf(PSQLException.class)
                .hasMessageContaining("permission denied for database \"" + invoker.name() + "\"");
    }

    @Test
    void connectWhenMaintenanceDatabaseThenRefused() {
        Database postgres = new Database(
                validator.host(),
                validator.port(),
                "postgres",
                validator.user(),
                validator.password(),
                validator.caCert());
        assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())
                        .close())
                .isInstanceOf(PSQLException.class)
                .hasMessageContaining("permission denied for database \"postgres\"");
    }

    @Test
    void readWhenAnotherServicesSchemaInOwnDatabaseThenRefused() throws SQLException {
        // even an object the superuser puts in the role's database outside its schema is out of reach
        Database admin = Infrastructure.postgres().adminDatabase(validator.name());
        execute(admin, "create schema if not exists elsewhere");
        execute(admin, "create table if not exists elsewhere.other_secret (v text)");
        assertThatThrownBy(() -> execute(validator, "select * from elsewhere.other_secret"))
                .isInstanceOf(PSQLException.class)
                .hasMessageContaining("permission denied for schema elsewhere");
    }

    @Test
    void createWhenOutsideItsSchemaThenRefused() {
        assertThatThrownBy(() -> execute(validator, "create table public.stray (v text)"))
                .isInstanceOf(PSQLException.class)
                .hasMessageContaining("permission denied for schema public");
        assertThatThrownBy(() -> execute(validator, "create schema stray"))
                .isInstanceOf(PSQLException.class)
                .hasMessageContaining("permission denied for database " + validator.name());
        assertThatThrownBy(() -> execute(validator, "create temporary table stray (v text)"))
                .isInstanceOf(PSQLException.class)
                .hasMessageContaining("permission denied to create temporary tables");
        assertThatThrownBy(() -> execute(validator, "create database stray"))
                .isInstanceOf(PSQLException.class)
                .hasMessageContaining("permission denied to create database");
        assertThatThrownBy(() -> execute(validator, "create role stray"))
                .isInstanceOf(PSQLException.class)
                .hasMessageContaining("permission denied to create role");
    }

    @Test
    void searchPathWhenServiceConnectsThenItsOwnSchemaOnly() throws SQLException {
        // without currentSchema in the URL: the role's own setting decides, as for the reactive client
        try (Connection c = DriverManager.getConnection(
                        validator.jdbcUrl().replaceAll("&currentSchema=[^&]*", ""),
                        validator.user(),
                        validator.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_setting('search_path'), current_schema()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(validator.schema());
            assertThat(rs.getString(2)).isEqualTo(validator.schema());
        }
    }

    private static void execute(Database db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
