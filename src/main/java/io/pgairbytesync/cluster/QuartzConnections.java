package io.pgairbytesync.cluster;

import java.sql.Connection;
import java.sql.SQLException;

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

    private final BasicDataSource pool;

    QuartzConnections(BasicDataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void initialize() {
        // the pool opens its connections when asked
    }

    @Override
    public void shutdown() throws SQLException {
        pool.close();
    }
}
