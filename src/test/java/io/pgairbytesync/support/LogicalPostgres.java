package io.pgairbytesync.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A second embedded PostgreSQL, started with {@code wal_level=logical}, for the CDC tests only (real publications and
 * logical replication slots): the shared {@link TestPostgres} keeps the default WAL level, so the other tests write no
 * more WAL than before. Started at the first use; each test gets a database of its own from {@link #newDatabase()}.
 * Same user and password as the embedded {@link TestPostgres} ({@code postgres}, none).
 */
public final class LogicalPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static String baseUrl;

    private LogicalPostgres() {
    }

    private static synchronized String baseUrl() {
        if (baseUrl == null) {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("wal_level", "logical")
                        .setServerConfig("max_replication_slots", "10").setServerConfig("max_wal_senders", "10")
                        .setServerConfig("fsync", "off").start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (Exception ignored) {
                        // exiting anyway
                    }
                }));
                baseUrl = "jdbc:postgresql://localhost:" + pg.getPort() + "/";
            } catch (Exception e) {
                throw new IllegalStateException("could not start an embedded PostgreSQL with wal_level=logical", e);
            }
        }
        return baseUrl;
    }

    /** Creates an empty database on the logical server and returns its JDBC URL. */
    public static String newDatabase() {
        String name = "cdc" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(baseUrl() + "postgres", user(), password());
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return baseUrl() + name;
    }

    public static String user() {
        return "postgres";
    }

    public static String password() {
        return "";
    }
}
