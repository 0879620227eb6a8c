package io.pgairbytesync.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

import org.apache.commons.dbcp2.BasicDataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Quartz's connections (CLUSTER_ENABLED=true) from a DBCP2 pool of their own, registered with Quartz's
 * DBConnectionManager under a name that org.quartz.jobStore.dataSource points at (no org.quartz.dataSource.*
 * properties, so Quartz builds no pool of its own and needs neither c3p0 nor HikariCP). The pool is separate from
 * the routes' state pool, so a burst of ticks never delays a cluster check-in.
 */
final class QuartzConnections implements ConnectionProvider {

    static final String NAME = "pgAirbyteSyncQuartz";

    private final Supplier<BasicDataSource> create;
    private BasicDataSource pool;

    /** The pool is built at the first connection Quartz asks for (its size follows the Quartz threads). */
    QuartzConnections(Supplier<BasicDataSource> create) {
        this.create = create;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool().getConnection();
    }

    private synchronized BasicDataSource pool() {
        if (pool == null) {
            pool = create.get();
        }
        return pool;
    }

    @Override
    public void initialize() {
        // the pool opens its connections when asked
    }

    @Override
    public synchronized void shutdown() throws SQLException {
        if (pool != null) {
            pool.close();
        }
    }
}
