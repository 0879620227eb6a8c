package io.pgairbytesync.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** Plain JDBC on one test database, for the tests that run the jar as a process. */
public record TestDb(String url) {

    public Connection connect() throws Exception {
        return DriverManager.getConnection(url, TestPostgres.get().user(), TestPostgres.get().password());
    }

    public void sql(String... statements) throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** The first column of the first row as a number; -1 when the query fails (e.g. the table is not there yet). */
    public long count(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }

    public String text(String sql) throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
