package io.pgairbytesync.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgairbytesync.probe.ConfigurationError;
import io.pgairbytesync.probe.ProbePlanner;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/** The doctor's findings for one connection block (route doctor-connection): its tables in the source, its Airbyte side. */
public class ConnectionDiagnosis {

    private final ProbePlanner planner;

    public ConnectionDiagnosis(ProbePlanner planner) {
        this.planner = planner;
    }

    public List<Finding> source(@ExchangeProperty("routeId") String routeId, @ExchangeProperty("tables") String tables,
            @ExchangeProperty("cursorColumn") String cursorColumn, @Body List<Map<String, Object>> catalogRows) {
        List<Finding> findings = new ArrayList<>();
        String check = routeId + ": tables";
        try {
            ProbePlanner.Check c = planner.check(routeId, tables, cursorColumn, catalogRows);
            c.problems().forEach(p -> findings.add(Finding.fail(check, p)));
            c.unindexed().forEach(u -> findings.add(Finding.warn(check, u)));
            if (findings.isEmpty()) {
                findings.add(Finding.ok(check, c.planned().size() + " table(s) found, cursor columns supported and indexed"));
            }
        } catch (ConfigurationError e) {
            findings.add(Finding.fail(check, e.getMessage()));
        }
        return findings;
    }

    public Finding airbyte(@ExchangeProperty("routeId") String routeId, @ExchangeProperty("connectionId") String connectionId,
            @Body Map<String, Object> connection) {
        String check = routeId + ": Airbyte connection";
        Object status = connection.get("status");
        Object policy = connection.get("nonBreakingSchemaUpdatesBehavior");
        String about = connectionId + " '" + connection.get("name") + "' is " + status + ", schema changes: " + policy;
        if (!"active".equals(status)) {
            return Finding.fail(check, about + ". Fix: enable the connection in the Airbyte UI; syncs are refused until then");
        }
        if (policy == null || "ignore".equals(policy)) {
            return Finding.warn(check, about + ". New columns will not arrive. Fix: set the connection to propagate column"
                    + " changes in Airbyte");
        }
        return Finding.ok(check, about);
    }
}
