package org.capif.common.persistence;

import io.vertx.pgclient.PgException;

/**
 * What a failed database statement tells a service, whichever client (Hibernate Reactive, Vert.x, JDBC) reported it:
 * the unique constraint a write violated (a race that a concurrent request won), or whether the database refused the
 * data itself (SQLSTATE class 22 data exception or 23 integrity violation), which no retry will fix.
 */
public final class SqlFailures {

    private SqlFailures() {}

    /** The name (and message) of the unique constraint the failure violated (SQLSTATE 23505), or null. */
    public static String uniqueViolation(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof org.hibernate.exception.ConstraintViolationException cve) {
                return cve.getConstraintName() + " " + cve.getMessage();
            }
            if (c instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return pg.getConstraint() + " " + pg.getMessage();
            }
        }
        return null;
    }

    /** True if the database refused the data itself (SQLSTATE 22xxx or 23xxx); false for any other failure. */
    public static boolean refusedData(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String sqlState = t instanceof org.hibernate.JDBCException jdbc
                    ? jdbc.getSQLState()
                    : t instanceof java.sql.SQLException sql
                            ? sql.getSQLState()
                            : t instanceof PgException pg ? pg.getSqlState() : null;
            if (sqlState != null) {
                return sqlState.startsWith("22") || sqlState.startsWith("23");
            }
        }
        return false;
    }
}
