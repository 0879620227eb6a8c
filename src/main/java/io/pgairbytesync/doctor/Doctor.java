package io.pgairbytesync.doctor;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import io.pgairbytesync.act.AirbyteAuth;
import io.pgairbytesync.record.FailureText;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.DefaultExchange;

/**
 * {@code --doctor}: checks the configuration without starting the schedule. Reaches both databases and Airbyte
 * (and its token), finds every table and cursor column of every connection block, warns about cursor columns
 * without an index, reads each connection's status and schema policy in Airbyte, and prints what is fine and
 * what to fix. Exit code 0 only when everything is fine.
 */
public final class Doctor {

    private final CamelContext camel;
    private final List<Finding> findings = new ArrayList<>();

    public Doctor(CamelContext camel) {
        this.camel = camel;
    }

    /** Runs every check, prints the report, and returns the exit code (0 = all fine, 1 = something to fix). */
    public int run(PrintStream out) {
        databases();
        airbyte();
        connections();
        out.println();
        out.println("pg-airbyte-sync doctor");
        out.println("----------------------");
        for (Finding f : findings) {
            out.printf(Locale.ROOT, "%-4s  %-40s  %s%n", f.level(), f.check(), f.detail());
        }
        long fails = findings.stream().filter(f -> f.level() == Finding.Level.FAIL).count();
        long warns = findings.stream().filter(f -> f.level() == Finding.Level.WARN).count();
        out.printf(Locale.ROOT, "%n%d check(s): %d to fix, %d warning(s)%n", findings.size(), fails, warns);
        return fails + warns == 0 ? 0 : 1;
    }

    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    private void databases() {
        DataSource source = camel.getRegistry().lookupByNameAndType("sourceDb", DataSource.class);
        try (Connection c = source.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_user, current_database(), current_setting('server_version')")) {
            rs.next();
            findings.add(Finding.ok("source database", "connected as " + rs.getString(1) + " to " + rs.getString(2)
                    + " (PostgreSQL " + rs.getString(3) + "), sessions read-only"));
        } catch (Exception e) {
            findings.add(Finding.fail("source database", e.getMessage() + ". Fix: check SOURCE_DB_URL, SOURCE_DB_USER,"
                    + " SOURCE_DB_PASSWORD and that this host may reach the database (RDS security group: port 5432)"));
        }
        String schema = camel.getPropertiesComponent().resolveProperty("state.db.schema").orElse("airbyte_sync");
        DataSource state = camel.getRegistry().lookupByNameAndType("stateDb", DataSource.class);
        try (Connection c = state.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_user, to_regclass('" + schema + ".sync_state') IS NOT NULL,"
                        + " has_database_privilege(current_database(), 'CREATE')")) {
            rs.next();
            if (rs.getBoolean(2)) {
                findings.add(Finding.ok("state database", "connected as " + rs.getString(1) + "; state tables present in "
                        + schema));
            } else if (rs.getBoolean(3)) {
                findings.add(Finding.ok("state database", "connected as " + rs.getString(1) + "; schema " + schema
                        + " is created at the first start"));
            } else {
                findings.add(Finding.fail("state database", "schema " + schema + " does not exist and " + rs.getString(1)
                        + " may not create it. Fix: CREATE SCHEMA " + schema + " AUTHORIZATION " + rs.getString(1)
                        + ", or GRANT CREATE ON DATABASE to it"));
            }
        } catch (Exception e) {
            findings.add(Finding.fail("state database", e.getMessage() + ". Fix: check STATE_DB_URL, STATE_DB_USER,"
                    + " STATE_DB_PASSWORD (they default to the source database)"));
        }
    }

    private void airbyte() {
        String url = camel.getPropertiesComponent().resolveProperty("airbyte.api.url").orElse("");
        try {
            camel.createProducerTemplate().requestBody("direct:airbyte-health", (Object) "");
            findings.add(Finding.ok("Airbyte API", url + " answers"));
        } catch (Exception e) {
            findings.add(Finding.fail("Airbyte API", url + ": " + new FailureText().of(e)
                    + ". Fix: check AIRBYTE_API_URL (abctl: http://localhost:8000/api/public/v1) and that Airbyte runs"));
            return;
        }
        AirbyteAuth auth = camel.getRegistry().lookupByNameAndType("airbyteAuth", AirbyteAuth.class);
        if (!auth.isEnabled()) {
            findings.add(Finding.warn("Airbyte token", "AIRBYTE_CLIENT_ID / AIRBYTE_CLIENT_SECRET not set: calls go without"
                    + " a token, which an abctl install refuses. Fix: set both (abctl local credentials prints them)"));
            return;
        }
        try {
            auth.authorize(new DefaultExchange(camel));
            findings.add(Finding.ok("Airbyte token", "POST /applications/token gave a token"));
        } catch (Exception e) {
            findings.add(Finding.fail("Airbyte token", new FailureText().of(e)));
        }
    }

    @SuppressWarnings("unchecked")
    private void connections() {
        int blocks = 0;
        for (Route route : camel.getRoutes()) {
            if (route.getEndpoint() instanceof QuartzEndpoint q && "pg-airbyte-sync".equals(q.getGroupName())) {
                blocks++;
                Exchange exchange = new DefaultExchange(camel);
                exchange.setProperty("doctor", true);
                try {
                    route.getConsumer().getProcessor().process(exchange); // the block's own route, as Quartz would run it
                } catch (Exception e) {
                    exchange.setException(e);
                }
                List<Finding> source = exchange.getProperty("sourceFindings", List.class);
                if (source != null) {
                    findings.addAll(source);
                }
                Finding airbyte = exchange.getProperty("airbyteFinding", Finding.class);
                if (airbyte != null) {
                    findings.add(airbyte);
                }
                Exception failure = exchange.getException();
                if (failure instanceof HttpOperationFailedException h && h.getStatusCode() == 404) {
                    findings.add(Finding.fail(route.getRouteId() + ": Airbyte connection", "Airbyte has no connection "
                            + q.getTriggerName() + " (404). Fix: copy the connectionId from the connection's page in the Airbyte UI"));
                } else if (failure != null) {
                    findings.add(Finding.fail(route.getRouteId(), new FailureText().of(failure)));
                }
            }
        }
        if (blocks == 0) {
            findings.add(Finding.warn("connection blocks", "none loaded. Fix: write them (examples/connections.yaml) and set"
                    + " CAMEL_MAIN_ROUTESINCLUDEPATTERN=file:/etc/pg-airbyte-sync/connections.yaml"));
        }
    }
}
