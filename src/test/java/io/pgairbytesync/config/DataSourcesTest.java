package io.pgairbytesync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.pgairbytesync.support.BlackHoleProxy;
import io.pgairbytesync.support.TestPostgres;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.Test;

/**
 * Every pool's sessions give up on a database that stops answering in the middle of a statement (a black hole: the
 * socket open, nothing relayed), after the network timeout, on their own: the probe pool, the state pool and Quartz's
 * pool of the clustered schedule. Their PostgreSQL sessions carry the statement timeouts; the migrations' do not.
 */
class DataSourcesTest {

    /** How long the test waits for what the 2 s network timeout must end: long enough under load, never a hang. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Test
    void aStatementBlackHoledMidwayFailsAfterTheNetworkTimeoutInEveryPoolAndTheNextSessionWorks() throws Exception {
        String db = TestPostgres.get().newDatabase();
        try (BlackHoleProxy proxy = new BlackHoleProxy(db)) {
            Settings s = settings(proxy.url(db));
            try (BasicDataSource source = DataSources.source(s, 10); BasicDataSource state = DataSources.state(s, 10);
                    BasicDataSource quartz = DataSources.quartz(s, 10)) {
                for (Map.Entry<String, BasicDataSource> named : Map.of("source", source, "state", state, "quartz", quartz).entrySet()) {
                    BasicDataSource pool = named.getValue();
                    assertThat(scalar(pool, "SELECT 'before'")).isEqualTo("before");
                    proxy.blackHoleWhenClientSends("black-holed");
                    CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                        try {
                            return scalar(pool, "SELECT 'black-holed'");
                        } catch (SQLException e) {
                            return "failed: " + e.getMessage() + " / " + e.getCause();
                        }
                    });
                    assertThat(answer).as("the " + named.getKey() + " pool gives up on the statement").succeedsWithin(BOUND)
                            .asString().startsWith("failed: An I/O error occurred").contains("SocketTimeoutException: Read timed out");
                    proxy.resume();
                    assertThat(scalar(pool, "SELECT 'after'")).as("a new session once the path is back").isEqualTo("after");
                }
            }
        }
    }

    @Test
    void theStateAndQuartzSessionsHaveTheStatementTimeoutsAndTheMigrationsNone() throws Exception {
        Settings s = settings(TestPostgres.get().newDatabase());
        try (BasicDataSource source = DataSources.source(s, 10); BasicDataSource state = DataSources.state(s, 10);
                BasicDataSource quartz = DataSources.quartz(s, 10); BasicDataSource migrations = DataSources.migrations(s)) {
            String limits = "SELECT current_setting('statement_timeout') || ' ' || current_setting('idle_in_transaction_session_timeout')";
            assertThat(scalar(source, limits)).isEqualTo("1s 0");
            assertThat(scalar(state, limits)).isEqualTo("1500ms 2s");
            assertThat(scalar(quartz, limits)).isEqualTo("1500ms 2s");
            assertThat(scalar(migrations, limits)).isEqualTo("0 0");
            try (Connection m = migrations.getConnection(); Connection st = state.getConnection()) {
                assertThat(m.getNetworkTimeout()).as("no limit on a migration's answers").isZero();
                assertThat(st.getNetworkTimeout()).isEqualTo(2000);
            }
        }
    }

    private static Settings settings(String url) {
        return Settings.of(Map.of("source.db.url", url, "source.db.user", TestPostgres.get().user(),
                "source.db.password", TestPostgres.get().password(), "source.db.statement.timeout", "1s",
                "source.db.network.timeout", "2s", "state.db.statement.timeout", "1500ms", "state.db.network.timeout", "2s",
                "management.port", "0")::get);
    }

    private static String scalar(BasicDataSource pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
