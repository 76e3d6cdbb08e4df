package org.capif.testing.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC access for assertions on what a service stored. */
public final class Sql {

    private final Database database;

    public Sql(Database database) {
        this.database = database;
    }

    public List<Map<String, Object>> rows(String query, Object... params) {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + query, e);
        }
    }

    public long count(String query, Object... params) {
        return ((Number) rows(query, params).get(0).values().iterator().next()).longValue();
    }

    /**
     * A digest of the content of every table of the database, by table (row count and MD5 of the sorted rows as
     * text, Flyway's history left out): two equal digests mean no row was added, changed or removed in between.
     */
    public Map<String, String> digest() {
        Map<String, String> digest = new java.util.TreeMap<>();
        // every schema but the system's: the services keep their tables in a schema named like their role
        for (Map<String, Object> t : rows("select schemaname, tablename from pg_tables where schemaname not in"
                + " ('pg_catalog', 'information_schema') and tablename <> 'flyway_schema_history'")) {
            String table = "\"" + t.get("schemaname") + "\".\"" + t.get("tablename") + "\"";
            Map<String, Object> d = rows("select count(*) as n, md5(coalesce(string_agg(r::text, E'\\n' order by"
                            + " r::text), '')) as h from " + table + " r")
                    .get(0);
            digest.put(t.get("schemaname") + "." + t.get("tablename"), d.get("n") + ":" + d.get("h"));
        }
        return digest;
    }

    public int update(String statement, Object... params) {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed: " + statement, e);
        }
    }
}
