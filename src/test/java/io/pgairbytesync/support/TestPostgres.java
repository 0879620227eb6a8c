package io.pgairbytesync.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * One real PostgreSQL server for the whole test run: a Testcontainers container where a Docker engine answers,
 * otherwise an embedded server (io.zonky.test, real PostgreSQL binaries from a Maven artifact). Each test gets a
 * database of its own from {@link #newDatabase()}. The server loads pg_stat_statements (with the planning counted), for
 * the tests that count what the server parsed, planned and ran.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestPostgres instance;

    private final String baseUrl; // jdbc:postgresql://host:port/
    private final String user;
    private final String password;
    private final String kind;

    private TestPostgres(String baseUrl, String user, String password, String kind) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
        this.kind = kind;
    }

    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestPostgres start() {
        if (!"embedded".equals(System.getenv("TEST_POSTGRES")) && dockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17-alpine").withCommand("postgres", "-c",
                    "fsync=off", "-c", "shared_preload_libraries=pg_stat_statements", "-c", "pg_stat_statements.track_planning=on");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            String url = container.getJdbcUrl();
            return new TestPostgres(url.substring(0, url.lastIndexOf('/') + 1), container.getUsername(),
                    container.getPassword(), "Testcontainers " + container.getDockerImageName());
        }
        try {
            // pg_stat_statements: what the server parsed, planned and ran, for the tests that count it (ProbeEfficiencyIT)
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track_planning", "on").start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception ignored) {
                    // exiting anyway
                }
            }));
            return new TestPostgres("jdbc:postgresql://localhost:" + pg.getPort() + "/", "postgres", "", "embedded");
        } catch (Exception e) {
            throw new IllegalStateException("could not start an embedded PostgreSQL", e);
        }
    }

    private static boolean dockerAvailable() {
        // no socket and no DOCKER_HOST: no engine to ask (spares the long "no valid Docker environment" error)
        if (System.getenv("DOCKER_HOST") == null && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String newDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(baseUrl + "postgres", user, password);
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return baseUrl + name;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String kind() {
        return kind;
    }
}
