package io.pgairbytesync.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pgairbytesync.classify.ChangeClassifier;
import io.pgairbytesync.classify.ColumnDiff;
import io.pgairbytesync.classify.Decision;
import io.pgairbytesync.classify.DecisionKind;
import io.pgairbytesync.classify.Intent;
import io.pgairbytesync.classify.SyncState;
import io.pgairbytesync.probe.ProbePlan;
import io.pgairbytesync.probe.ProbeRow;
import io.pgairbytesync.probe.TableSpec;
import io.pgairbytesync.tick.FailureText;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The steps of the routes plan and plan-connection (bean {@code planSteps}): each block's dry-run tick, probed and
 * classified by the tick's own routes (probe, decide), becomes one {@link BlockPlan} of the run's {@link PlanReport}.
 */
public class PlanSteps {

    private static final String RUN_DOCTOR = "run the jar with --doctor: it checks both databases, Airbyte and every"
            + " block's tables, each with its fix";

    private final FailureText failureText;

    public PlanSteps(FailureText failureText) {
        this.failureText = failureText;
    }

    public PlanReport newReport() {
        return new PlanReport();
    }

    /** queries/doctor-state-db.sql answered: whether the state tables exist yet. */
    public void stateChecked(@ExchangeProperty(PlanReport.PROPERTY) PlanReport report, @org.apache.camel.Body Map<String, Object> row) {
        if (!Boolean.TRUE.equals(row.get("tables_present"))) {
            report.noStateTablesYet();
        }
    }

    /** The sync state before the first start created the state tables: no row (every table is seen for the first time). */
    public List<Map<String, Object>> noState() {
        return List.of();
    }

    /** The block's tick has its decision (route decide): what the tick would do now. */
    public void decided(@ExchangeProperty(PlanReport.PROPERTY) PlanReport report, @ExchangeProperty(Tick.PROPERTY) Tick tick) {
        Decision decision = tick.getDecision();
        SyncState state = tick.getState();
        ProbePlan plan = tick.getPlan();
        List<BlockPlan.TablePlan> tables = new ArrayList<>();
        for (ProbeRow row : tick.getProbe()) {
            ProbePlan.PlannedTable planned = plan.tables().get(row.ord());
            TableSpec spec = planned.spec();
            SyncState.TableState synced = state.table(spec.schema(), spec.table());
            ChangeClassifier.TableChange change = ChangeClassifier.compare(spec, row, synced, planned.signal());
            tables.add(new BlockPlan.TablePlan(spec.displayName(), spec.cursorColumn(), row.maxCursor(),
                    synced == null || !synced.synced() ? null : synced.syncedCursor(), change.kind().getLabel(),
                    change.diff() == null ? null : diff(change.diff())));
        }
        boolean wouldSync = decision.kind() == DecisionKind.DATA_CHANGED || decision.kind() == DecisionKind.SCHEMA_CHANGED;
        report.add(new BlockPlan(tick.getName(), tick.getConnectionId(), decision.kind().getLabel(), wouldSync,
                decision.reason(), decision.changes(), decision.pendingJobId(), intent(decision.intent()), tables, null, null));
    }

    /** The block could not be probed or classified: the error as a failed tick would record it, and its fix. */
    public void failed(@ExchangeProperty(PlanReport.PROPERTY) PlanReport report, @ExchangeProperty(Tick.PROPERTY) Tick tick,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        String text = failureText.of(failure);
        String root = failureText.rootCause(failure);
        if (!text.contains(root)) {
            // "Failed to obtain JDBC Connection" says little; the driver's own words say why
            text = text + ": " + root;
        }
        String fix = RUN_DOCTOR;
        int at = text.indexOf(" Fix: ");
        if (at >= 0) {
            fix = text.substring(at + " Fix: ".length());
            text = text.substring(0, at);
        }
        report.add(new BlockPlan(tick.getName(), tick.getConnectionId(), BlockPlan.ERROR, false, null, List.of(), null, null,
                List.of(), text, fix));
    }

    private static Map<String, Object> diff(ColumnDiff diff) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("added", diff.added());
        json.put("removed", diff.removed());
        json.put("retyped", diff.retyped());
        return json;
    }

    private static Map<String, Object> intent(Intent intent) {
        if (intent == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", intent.at());
        json.put("reason", intent.reason());
        json.put("tables", intent.tableNames());
        return json;
    }
}
