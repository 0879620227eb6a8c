package io.pgairbytesync.tick;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.commons.dbcp2.BasicDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pooled session that the server or the network ended while it sat in the pool (a restart or failover of the
 * database, {@code pg_terminate_backend}, a NAT that forgot an idle connection and resets it, an old primary that fell
 * silent) is lent without a check: the pools check idle sessions only in the background (DataSources). The statement of
 * a tick that meets such a session fails with a connection error (at once, or after the network timeout when the path
 * is silent); route tick then runs the tick once more, on fresh sessions, so a lost session costs neither a failed tick
 * nor an alert (bean {@code lostSessions}).
 * <ul>
 * <li>Retried: a session that was open is gone, told by PostgreSQL (57P01 admin shutdown, 57P02 crash shutdown, 57P03
 * cannot connect now) or by the driver (08003 the connection is closed; 08006 an I/O error on it: a reset, an end of
 * stream, no answer within the network timeout).</li>
 * <li>Not retried: a session that could not be opened (08001: the retry would be one more of those), no free session in
 * the pool in time, any other error, and a tick that has sent POST /jobs (Airbyte may have started the job: the next
 * tick finds it, as after any failure).</li>
 * </ul>
 * Before the second try every idle session of both pools is closed (after a failover they are all dead; a silent one
 * would cost a network timeout each to check), so the second try opens new ones. A database that does not answer at
 * all thus fails the tick after about twice its network timeout (the statement, then the login of the new session),
 * as the check per borrow did before.
 */
public class LostSessions {

    private static final Logger LOG = LoggerFactory.getLogger(LostSessions.class);
    private static final Set<String> GONE = Set.of("57P01", "57P02", "57P03", "08003", "08006");

    private final List<BasicDataSource> pools;

    /** {@code pools}: the pools opened so far (they are built at their first lookup), read at each retry. */
    public LostSessions(List<BasicDataSource> pools) {
        this.pools = pools;
    }

    /**
     * Whether the tick that failed with the exchange's exception runs once more: doCatch onWhen of route tick, through
     * the ref language (bean {@code lostSessionToRetry}), which sees the exchange itself; a bean method call would see a
     * copy without its exception.
     */
    public Predicate toRetry() {
        return exchange -> isLost(failure(exchange)) && !"POST /jobs".equals(exchange.getProperty("airbyteCall", String.class));
    }

    /**
     * Whether the exchange's exception is anything but a lost session: the probe's doCatch, which reads the catalog
     * again (a table may be gone), leaves a lost session to route tick (bean {@code notALostSession}).
     */
    public Predicate notLost() {
        return exchange -> !isLost(failure(exchange));
    }

    /** Before the second try: says so, and closes the idle sessions of the pools. */
    public void retrying(Exchange exchange) {
        Tick tick = exchange.getProperty(Tick.PROPERTY, Tick.class);
        Throwable failure = failure(exchange);
        SQLException gone = lostSession(failure);
        LOG.warn("{}: a pooled database session was gone ({} {}); the tick runs again on a fresh session",
                tick == null ? "tick" : tick.getName(), gone == null ? "" : gone.getSQLState(), gone == null ? failure : gone.getMessage());
        for (BasicDataSource pool : pools) {
            if (pool.getConnectionPool() != null) {
                pool.getConnectionPool().clear(); // the idle ones; those lent to other ticks are theirs to find out
            }
        }
    }

    /** A session that was open, and that the server or the network ended (or left without an answer). */
    static boolean isLost(Throwable failure) {
        return failure != null && lostSession(failure) != null;
    }

    private static SQLException lostSession(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException e && e.getSQLState() != null && GONE.contains(e.getSQLState())) {
                return e;
            }
        }
        return null;
    }

    private static Throwable failure(Exchange exchange) {
        Throwable failure = exchange.getException();
        return failure != null ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
