package io.pgairbytesync.doctor;

import java.util.Map;

import io.pgairbytesync.airbyte.AirbyteAuth;
import io.pgairbytesync.config.Settings;
import io.pgairbytesync.tick.ConnectionBlocks;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.support.DefaultExchange;

/**
 * The steps of route doctor (bean {@code doctorChecks}): what each answer, or failure, of the databases and of Airbyte
 * means for the report, with the fix.
 */
public class DoctorChecks {

    private final Settings settings;
    private final AirbyteAuth auth;
    private final ConnectionBlocks blocks;

    public DoctorChecks(Settings settings, AirbyteAuth auth, ConnectionBlocks blocks) {
        this.settings = settings;
        this.auth = auth;
        this.blocks = blocks;
    }

    public DoctorReport newReport() {
        return new DoctorReport();
    }

    /** queries/doctor-source-db.sql answered. */
    public void sourceDb(@ExchangeProperty(DoctorReport.PROPERTY) DoctorReport report, @Body Map<String, Object> row) {
        report.add(Finding.ok("source database", "connected as " + row.get("user_name") + " to " + row.get("database_name")
                + " (PostgreSQL " + row.get("server_version") + "), sessions read-only"));
    }

    public void sourceDbFailed(@ExchangeProperty(DoctorReport.PROPERTY) DoctorReport report,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        report.add(Finding.fail("source database", rootMessage(failure) + ". Fix: check SOURCE_DB_URL, SOURCE_DB_USER,"
                + " SOURCE_DB_PASSWORD and that this host may reach the database (RDS security group: port 5432)"));
    }

    /** queries/doctor-state-db.sql answered. */
    public void stateDb(@ExchangeProperty(DoctorReport.PROPERTY) DoctorReport report, @Body Map<String, Object> row) {
        String schema = settings.stateSchema();
        Object user = row.get("user_name");
        if (Boolean.TRUE.equals(row.get("tables_present"))) {
            report.add(Finding.ok("state database", "connected as " + user + "; state tables present in " + schema));
        } else if (Boolean.TRUE.equals(row.get("can_create"))) {
            report.add(Finding.ok("state database", "connected as " + user + "; schema " + schema + " is created at the first start"));
        } else {
            report.add(Finding.fail("state database", "schema " + schema + " does not exist and " + user
                    + " may not create it. Fix: CREATE SCHEMA " + schema + " AUTHORIZATION " + user
                    + ", or GRANT CREATE ON DATABASE to it"));
        }
    }

    public void stateDbFailed(@ExchangeProperty(DoctorReport.PROPERTY) DoctorReport report,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        report.add(Finding.fail("state database", rootMessage(failure) + ". Fix: check STATE_DB_URL, STATE_DB_USER,"
                + " STATE_DB_PASSWORD (they default to the source database)"));
    }

    /** GET /health answered. */
    public void airbyteAnswered(@ExchangeProperty(DoctorReport.PROPERTY) DoctorReport report) {
        report.add(Finding.ok("Airbyte API", settings.airbyteApiUrl() + " answers"));
    }

    public void airbyteFailed(@ExchangeProperty(DoctorReport.PROPERTY) DoctorReport report,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        report.add(Finding.fail("Airbyte API", settings.airbyteApiUrl() + ": " + DoctorReport.why(failure)
                + ". Fix: check AIRBYTE_API_URL (abctl: http://localhost:8000/api/public/v1) and that Airbyte runs"));
    }

    /** With AIRBYTE_CLIENT_ID set, a token must come (the route airbyte-token, as for every call). */
    public void token(@ExchangeProperty(DoctorReport.PROPERTY) DoctorReport report, Exchange exchange) {
        if (!auth.isEnabled()) {
            report.add(Finding.warn("Airbyte token", "AIRBYTE_CLIENT_ID / AIRBYTE_CLIENT_SECRET not set: calls go without"
                    + " a token, which an abctl install refuses. Fix: set both (abctl local credentials prints them)"));
            return;
        }
        try {
            auth.authorize(new DefaultExchange(exchange.getContext()));
            report.add(Finding.ok("Airbyte token", "POST /applications/token gave a token"));
        } catch (Exception e) {
            report.add(Finding.fail("Airbyte token", DoctorReport.why(e)));
        }
    }

    /** After every block was checked: none at all is worth a warning. */
    public void blocksChecked(@ExchangeProperty(DoctorReport.PROPERTY) DoctorReport report) {
        if (blocks.list().isEmpty()) {
            report.add(Finding.warn("connection blocks", "none loaded. Fix: write them (examples/connections.yaml) and set"
                    + " CAMEL_MAIN_ROUTESINCLUDEPATTERN=file:/etc/pg-airbyte-sync/connections.yaml"));
        }
    }

    /** The driver's own words, as a JDBC call would have thrown them. */
    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && !(t instanceof java.sql.SQLException)) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
