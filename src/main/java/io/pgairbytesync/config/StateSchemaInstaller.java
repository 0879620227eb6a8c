package io.pgairbytesync.config;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;

import javax.sql.DataSource;

import io.pgairbytesync.probe.Identifiers;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the idempotent DDL of {@code sql/*.sql} (bundled in the jar) to the state schema at start-up, before any
 * route runs. An advisory lock keeps two instances starting at once from racing on CREATE TABLE IF NOT EXISTS.
 * With CLUSTER_ENABLED=true the Quartz tables of {@code sql/quartz/*.sql} follow, in the same transaction.
 */
final class StateSchemaInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(StateSchemaInstaller.class);
    private static final long LOCK_KEY = 0x5067416972627974L; // "PgAirbyt"

    private StateSchemaInstaller() {
    }

    static void install(CamelContext context, DataSource state, String schema, boolean clustered) throws Exception {
        // the resolver also descends into sql/quartz/: those files are applied only in a cluster
        List<Resource> files = new java.util.ArrayList<>(find(context, "classpath:sql/*.sql").stream()
                .filter(r -> !r.getLocation().contains("sql/quartz/")).toList());
        if (clustered) {
            List<Resource> quartz = find(context, "classpath:sql/quartz/*.sql");
            if (quartz.isEmpty()) {
                throw new IllegalStateException("no sql/quartz/*.sql found on the classpath: the jar is incomplete, rebuild it with mvn package");
            }
            files.addAll(quartz);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no sql/*.sql found on the classpath: the jar is incomplete, rebuild it with mvn package");
        }
        try (Connection c = state.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                st.execute("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema));
                st.execute("SET LOCAL search_path TO " + Identifiers.quote(schema));
                st.execute("SET LOCAL client_min_messages TO warning");
                for (Resource file : files) {
                    try (InputStream in = file.getInputStream()) {
                        st.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw new IllegalStateException("could not create the state tables in schema " + schema
                        + " of the state database: " + e.getMessage()
                        + ". Fix: give the state user CREATE on the database (or create the schema and tables by hand, see sql/).", e);
            }
        }
        LOG.info("State tables ready in schema {} ({} file(s) from sql/ applied)", schema, files.size());
    }

    private static List<Resource> find(CamelContext context, String pattern) throws Exception {
        return StreamSupport.stream(PluginHelper.getPackageScanResourceResolver(context)
                .findResources(pattern).spliterator(), false)
                .sorted(Comparator.comparing(Resource::getLocation))
                .toList();
    }
}
