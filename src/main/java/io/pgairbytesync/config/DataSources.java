package io.pgairbytesync.config;

import java.time.Duration;
import java.util.Map;

import io.pgairbytesync.probe.Identifiers;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * The Commons DBCP2 pools: a read-only one for probing the source, one for the sync state (and, with CLUSTER_ENABLED, one
 * for Quartz on the state database; at start-up one for the migrations).
 * <p>
 * Every call to a database gives up after that database's network timeout (SOURCE_DB_NETWORK_TIMEOUT,
 * STATE_DB_NETWORK_TIMEOUT), whatever the network does: the TCP connect and the login (pgjdbc's connectTimeout,
 * loginTimeout), each wait for an answer (socketTimeout: a session whose answer does not come in time is closed, and
 * DBCP drops it; the background check of an idle session, and Quartz's check when it is lent, too) and the wait for a
 * free session (maxWait). Without them a session on a path that drops packets (a failover, a
 * black-holed route) waits for the kernel's TCP retries, about 15 minutes, and holds its tick's thread as long.
 * PostgreSQL's own statement timeouts stay shorter (Setting checks it), so a slow statement is cancelled cleanly first.
 * <p>
 * What a tick costs the databases (issue 13, docs/performance.md): a pooled session is kept, not closed after each
 * burst of ticks (maxIdle = maxTotal, nothing evicted for being idle), and is lent without a check (no validation query
 * per borrow). Every statement is a named server-side statement from its first execution (pgjdbc prepareThreshold=1)
 * and stays prepared in its session (pgjdbc's statement cache, sized by {@link #sizeStatementCaches} from the connection
 * blocks): a probe is parsed and planned once per session, then only executed. The price is the source's memory: a
 * prepared probe keeps its plan in each session that prepared it, about 27 KB a table (benchmark part server), so each
 * block's probe runs in one probe lane, a pool of one session ({@link #probeLane}): each probe is prepared once on the
 * source, whatever the number of sessions. How a dead pooled session is found
 * without the check per borrow:
 * <ul>
 * <li>in the background, every {@link #IDLE_CHECK_EVERY} the idle sessions are checked ({@code Connection.isValid}: an
 * empty query) and a dead one is dropped;</li>
 * <li>TCP keepalive: every session sets {@code tcp_keepalives_idle} (queries/*-session.sql), so the server sends a
 * keepalive after a minute of silence, which keeps a NAT's or a firewall's mapping of an idle session alive and tells
 * the server when the client is gone; pgjdbc's tcpKeepAlive does the same from this side (with the host's timers);</li>
 * <li>a tick whose statement meets a session the server or the network ended runs once more, on a fresh session
 * ({@link io.pgairbytesync.tick.LostSessions}).</li>
 * </ul>
 */
public final class DataSources {

    /** Sessions of the probe pool besides one per tick that can run at once: the readiness check, and --doctor. */
    static final int SOURCE_SESSIONS_BESIDES_TICKS = 2;
    /**
     * Sessions of the state pool besides one per tick that can run at once: the job follow-up, the status page, the
     * alerts, retention and the cluster's checks, the readiness check.
     */
    static final int STATE_SESSIONS_BESIDES_TICKS = 5;
    /** How often the idle sessions of a pool are checked in the background (a dead one is dropped). */
    static final Duration IDLE_CHECK_EVERY = Duration.ofSeconds(60);
    /** Statements of a pool besides the probes: the catalog query, the state queries, readiness, --doctor, ... */
    static final int STATEMENTS_BESIDES_PROBES = 64;

    private DataSources() {
    }

    /**
     * Probe pool: every session is READ ONLY, with a statement and lock timeout, so a probe can neither write
     * to the source nor wait behind a lock for long. {@code ticksAtOnce}: how many ticks can run at the same time (the
     * Quartz threads); each holds one session of this pool while it probes.
     */
    public static BasicDataSource source(Settings s, int ticksAtOnce) {
        return sourcePool(s, ticksAtOnce + SOURCE_SESSIONS_BESIDES_TICKS);
    }

    /**
     * A probe lane: one session of the probe pool's kind, which runs the probes of the blocks assigned to it
     * ({@link io.pgairbytesync.tick.ConnectionBlocks#laneOf}). A prepared probe keeps its plan in each session that
     * prepared it (about 27 KB a table); with any session serving any block, every session would end up holding every
     * block's plan (sessions x tables x 27 KB: gigabytes at 10,000 tables). In its lane, each probe is prepared once.
     * Blocks of one lane that tick in the same moment take turns (a probe takes milliseconds).
     */
    public static BasicDataSource probeLane(Settings s) {
        return sourcePool(s, 1);
    }

    private static BasicDataSource sourcePool(Settings s, int sessions) {
        BasicDataSource ds = pool(s.sourceUrl(), s.sourceUser(), s.sourcePassword(), "pg-airbyte-sync probe", s.sourceNetworkTimeout(),
                sessions);
        // queries/source-session.sql; the durations are validated by Settings, quoted as literals here
        ds.setConnectionInitSqls(Queries.statements("source-session", Map.of(
                "source.db.statement.timeout", Identifiers.literal(s.sourceStatementTimeout()),
                "source.db.lock.timeout", Identifiers.literal(s.sourceLockTimeout()))));
        ds.setDefaultReadOnly(true);
        return ds;
    }

    /**
     * State pool: its search_path is the state schema, so the SQL in the routes and in sql/ names tables bare. A tick
     * holds one of its sessions at a time; the follow-up, status, alert and readiness routes use it too.
     */
    public static BasicDataSource state(Settings s, int ticksAtOnce) {
        BasicDataSource ds = pool(s.stateUrl(), s.stateUser(), s.statePassword(), "pg-airbyte-sync state", s.stateNetworkTimeout(),
                ticksAtOnce + STATE_SESSIONS_BESIDES_TICKS);
        ds.setConnectionInitSqls(stateSession(s, s.stateStatementTimeout(), s.stateNetworkTimeout().toMillis() + "ms"));
        return ds;
    }

    /**
     * The migrations at start-up (StateSchema), on a pool of their own that the caller closes afterwards: the same
     * sessions as the state pool's, but without a statement timeout, an idle-in-transaction timeout or a network
     * timeout on answers, since a migration may build an index on a big table, and an instance waits (under the
     * advisory lock) while another one migrates. Connect and login still give up after STATE_DB_NETWORK_TIMEOUT.
     */
    public static BasicDataSource migrations(Settings s) {
        BasicDataSource ds = pool(s.stateUrl(), s.stateUser(), s.statePassword(), "pg-airbyte-sync migrations", s.stateNetworkTimeout(), 4);
        ds.addConnectionProperty("socketTimeout", "0");
        ds.setConnectionInitSqls(stateSession(s, "0", "0"));
        return ds;
    }

    /**
     * CLUSTER_ENABLED=true: Quartz's own pool on the state database (its SQL names the schema itself). Quartz's
     * scheduler thread, cluster manager, misfire handler and each finishing worker thread take a connection briefly.
     * Its sessions are the state pool's: a call that hangs gives up after STATE_DB_NETWORK_TIMEOUT (Quartz retries it),
     * and PostgreSQL ends the transaction of an instance that vanished while it held the cluster's lock row.
     */
    public static BasicDataSource quartz(Settings s, int quartzThreads) {
        BasicDataSource ds = pool(s.stateUrl(), s.stateUser(), s.statePassword(), "pg-airbyte-sync quartz", s.stateNetworkTimeout(),
                quartzThreads + 3);
        ds.setConnectionInitSqls(stateSession(s, s.stateStatementTimeout(), s.stateNetworkTimeout().toMillis() + "ms"));
        // Quartz has no second try of its own at once (it waits its dbRetryInterval, 15 s, before it acquires triggers
        // again), so its sessions are still checked when lent (Connection.isValid, an empty query): a dead one costs
        // nothing but the check. Its statements are a few per fired trigger, not per probe.
        ds.setTestOnBorrow(true);
        return ds;
    }

    /**
     * pgjdbc's statement cache of each session of {@code pool}, sized so that every statement the pool runs stays
     * prepared in every session that ran it: {@code statements} distinct statements (one probe per connection block, plus
     * {@link #STATEMENTS_BESIDES_PROBES}) of {@code sqlChars} characters in all. Without it, pgjdbc's default (256
     * statements, 5 MiB) would let 1,000 blocks, or a few blocks of thousands of tables, evict each other's probes,
     * which are then parsed and planned again. Applies to the sessions opened afterwards: call it before the first tick.
     */
    public static void sizeStatementCaches(BasicDataSource pool, int statements, long sqlChars) {
        pool.addConnectionProperty("preparedStatementCacheQueries", String.valueOf(statements + STATEMENTS_BESIDES_PROBES));
        // pgjdbc counts a cached statement's size from its text (2 bytes a character, and what it parsed from it):
        // 4 bytes a character, plus pgjdbc's default of 5 MiB for everything else
        long mib = 5 + (sqlChars * 4 + (1 << 20) - 1) / (1 << 20);
        pool.addConnectionProperty("preparedStatementCacheSizeMiB", String.valueOf(mib));
    }

    /** queries/state-session.sql with its values, validated by Settings and quoted here. */
    private static java.util.List<String> stateSession(Settings s, String statementTimeout, String idleInTransactionTimeout) {
        return Queries.statements("state-session", Map.of(
                "state.db.schema", Identifiers.quote(s.stateSchema()),
                "state.db.statement.timeout", Identifiers.literal(statementTimeout),
                "state.db.idle.in.transaction.timeout", Identifiers.literal(idleInTransactionTimeout)));
    }

    private static BasicDataSource pool(String url, String user, String password, String applicationName, Duration networkTimeout,
            int sessions) {
        BasicDataSource ds = new BasicDataSource();
        ds.setDriverClassName("org.postgresql.Driver");
        ds.setUrl(url);
        if (!user.isEmpty()) {
            ds.setUsername(user);
        }
        if (!password.isEmpty()) {
            ds.setPassword(password);
        }
        ds.addConnectionProperty("ApplicationName", applicationName);
        String seconds = String.valueOf(networkTimeout.toSeconds());
        ds.addConnectionProperty("connectTimeout", seconds); // TCP connect
        ds.addConnectionProperty("loginTimeout", seconds); // the whole opening of a session: TLS, authentication, start-up
        ds.addConnectionProperty("socketTimeout", seconds); // each wait for an answer; the session is closed after it
        ds.addConnectionProperty("cancelSignalTimeout", seconds); // a cancel request (a query timeout) on its own connection
        ds.addConnectionProperty("tcpKeepAlive", "true");
        // a named server-side statement from the first execution: parsed and planned once per session, not at every tick
        // until the default of 5 executions in one session
        ds.addConnectionProperty("prepareThreshold", "1");
        ds.setMaxTotal(sessions);
        // a session given back stays open for the next tick: none is closed after a burst and reopened at the next one
        ds.setMaxIdle(sessions);
        ds.setMinIdle(0);
        ds.setMaxWait(networkTimeout);
        // no check when a session is lent (it would be a statement per statement): the idle sessions are checked in the
        // background instead, each within socketTimeout, and none is closed for being idle
        ds.setTestOnBorrow(false);
        ds.setTestWhileIdle(true);
        ds.setDurationBetweenEvictionRuns(IDLE_CHECK_EVERY);
        ds.setNumTestsPerEvictionRun(-1); // all idle sessions at each run
        ds.setMinEvictableIdle(Duration.ofMillis(-1));
        ds.setValidationQueryTimeout(networkTimeout);
        // the pgjdbc statement cache is the one cache of prepared statements (DBCP's own statement pool would keep
        // pgjdbc's statements open, out of the reach of pgjdbc's cache and its limits)
        ds.setPoolPreparedStatements(false);
        ds.setDefaultAutoCommit(true);
        return ds;
    }
}
