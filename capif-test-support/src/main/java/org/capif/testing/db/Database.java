package org.capif.testing.db;

/** How a service reaches its database. */
public record Database(String host, int port, String name, String user, String password) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** The URL form of the Vert.x reactive PostgreSQL client. */
    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + name;
    }
}
