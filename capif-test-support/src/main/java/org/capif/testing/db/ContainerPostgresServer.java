package org.capif.testing.db;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a container, used where a Docker engine is available. */
public final class ContainerPostgresServer implements PostgresServer {

    private final PostgreSQLContainer container;

    private ContainerPostgresServer(PostgreSQLContainer container) {
        this.container = container;
    }

    public static ContainerPostgresServer launch() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:18")
                .withDatabaseName("postgres")
                .withUsername("postgres")
                .withPassword("postgres");
        container.start();
        return new ContainerPostgresServer(container);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(5432);
    }

    @Override
    public String adminJdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/postgres";
    }

    @Override
    public String adminUser() {
        return container.getUsername();
    }

    @Override
    public String adminPassword() {
        return container.getPassword();
    }

    @Override
    public void close() {
        container.stop();
    }
}
