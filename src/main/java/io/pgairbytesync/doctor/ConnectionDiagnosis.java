package io.pgairbytesync.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgairbytesync.airbyte.AirbyteConnection;
import io.pgairbytesync.config.ConfigurationError;
import io.pgairbytesync.probe.ProbePlanner;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The doctor's findings for one connection block (route doctor-connection, bean {@code connectionDiagnosis}): its
 * tables in the source, its connection in Airbyte. Each goes into the run's {@link DoctorReport}.
 */
public class ConnectionDiagnosis {

    private final ProbePlanner planner;

    public ConnectionDiagnosis(ProbePlanner planner) {
        this.planner = planner;
    }

    /** The catalog's answer for the block's tables (describe-tables). */
    public void source(@ExchangeProperty(DoctorReport.PROPERTY) DoctorReport report, @ExchangeProperty(Tick.PROPERTY) Tick tick,
            @Body List<Map<String, Object>> catalogRows) {
        List<Finding> findings = new ArrayList<>();
        String check = tick.getName() + ": tables";
        try {
            ProbePlanner.Check c = planner.check(tick.getBlock(), catalogRows);
            c.problems().forEach(p -> findings.add(Finding.fail(check, p)));
            c.unindexed().forEach(u -> findings.add(Finding.warn(check, u)));
            c.rowSecurity().forEach(r -> findings.add(Finding.warn(check, r)));
            // a coarse cursor the stats signal does not cover: a warning, not a failure (the block works, with holes)
            c.coarseUncovered().forEach(coarse -> findings.add(Finding.warn(check, coarse.warning())));
            if (findings.isEmpty()) {
                findings.add(Finding.ok(check, c.planned().size() + " table(s) found, cursor columns supported and indexed"));
            }
        } catch (ConfigurationError e) {
            findings.add(Finding.fail(check, e.getMessage()));
        }
        findings.forEach(report::add);
    }

    /** What Airbyte says of the block's connection. */
    public void airbyte(@ExchangeProperty(DoctorReport.PROPERTY) DoctorReport report, @ExchangeProperty(Tick.PROPERTY) Tick tick,
            @Body AirbyteConnection connection) {
        String check = tick.getName() + ": Airbyte connection";
        String about = tick.getConnectionId() + " '" + connection.name() + "' is " + connection.status() + ", schema changes: "
                + connection.nonBreakingSchemaUpdatesBehavior();
        if (!connection.isActive()) {
            report.add(Finding.fail(check, about + ". Fix: enable the connection in the Airbyte UI; syncs are refused until then"));
        } else if (connection.ignoresNewColumns()) {
            report.add(Finding.warn(check, about + ". New columns will not arrive. Fix: set the connection to propagate column"
                    + " changes in Airbyte"));
        } else {
            report.add(Finding.ok(check, about));
        }
    }

    /** A step of the block's check failed: the block's tables could not be read, or Airbyte did not answer. */
    public void failed(@ExchangeProperty(DoctorReport.PROPERTY) DoctorReport report, @ExchangeProperty(Tick.PROPERTY) Tick tick,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        if (failure instanceof HttpOperationFailedException h && h.getStatusCode() == 404) {
            report.add(Finding.fail(tick.getName() + ": Airbyte connection", "Airbyte has no connection " + tick.getConnectionId()
                    + " (404). Fix: copy the connectionId from the connection's page in the Airbyte UI"));
        } else {
            report.add(Finding.fail(tick.getName(), DoctorReport.why(failure)));
        }
    }
}
