package io.pgairbytesync.cdc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgairbytesync.classify.Decision;
import io.pgairbytesync.classify.DecisionKind;
import io.pgairbytesync.config.ConfigurationError;
import io.pgairbytesync.probe.Identifiers;
import io.pgairbytesync.probe.ProbePlan;
import io.pgairbytesync.tick.ConnectionBlock;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The replication slot of a CDC block (bean {@code cdcSlots}, routes of cdc.yaml), read each tick from the catalog only:
 * pg_replication_slots and pg_publication_tables, never a logical decoding function.
 * <ul>
 * <li>{@link #read}: a missing slot or publication fails the block's tick with the fix; a block without 'tables' watches
 * the publication's tables of this tick (a table added to the publication is seen for the first time at the next tick,
 * no YAML edit), each by the stats signal (no cursor);</li>
 * <li>{@link #guard}, after the classifier: an active slot means Airbyte's sync reads it now, a job in flight; a slot
 * that holds back more WAL than the block's limit, or whose wal_status is not {@code reserved}, starts a sync (reason
 * {@code wal}) when nothing else would, since only a sync moves the slot on. When the last job was such a sync, it
 * succeeded and the slot is still above: no sync again (it would not help), the alert instead
 * ({@link SlotReading#stillAboveAfterJob()}, observe/Alerts), resolved once the WAL came down.</li>
 * </ul>
 */
public class CdcSlots {

    /** What a table watched without a cursor is written as in a 'tables' value: {@code public.events:-}. */
    static final String NO_CURSOR = ":-";

    /** The reason of a sync the WAL guard starts (sync_job.reason, V11). */
    public static final String REASON = "wal";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long defaultLimitBytes;

    /** @param defaultLimitBytes CDC_WAL_LIMIT: the limit of a block without walLimit */
    public CdcSlots(long defaultLimitBytes) {
        this.defaultLimitBytes = defaultLimitBytes;
    }

    /** Route cdc-slot: the answer of queries/cdc-slot.sql. */
    public void read(@ExchangeProperty(Tick.PROPERTY) Tick tick, @Body Map<String, Object> row) {
        ConnectionBlock block = tick.getBlock();
        String name = "connection block '" + block.routeId() + "': ";
        String slot = block.slot();
        String publication = block.publication();
        if (!Boolean.TRUE.equals(row.get("publication_exists"))) {
            throw new ConfigurationError(name + "publication '" + publication + "' does not exist in the source database"
                    + " (names are compared as pg_publication stores them: lower case unless created quoted). Fix: correct"
                    + " 'publication' to the one the Airbyte source uses, or create it as Airbyte's CDC set-up does:"
                    + " CREATE PUBLICATION " + Identifiers.display(publication) + " FOR TABLE <the synced tables>;");
        }
        if (!Boolean.TRUE.equals(row.get("slot_exists"))) {
            throw new ConfigurationError(name + "replication slot '" + slot + "' does not exist on the source server. Fix:"
                    + " correct 'slot' to the one the Airbyte source uses, or create it as Airbyte's CDC set-up does:"
                    + " SELECT pg_create_logical_replication_slot('" + slot.replace("'", "''") + "', 'pgoutput');");
        }
        if (!"logical".equals(row.get("slot_type"))) {
            throw new ConfigurationError(name + "replication slot '" + slot + "' is a " + row.get("slot_type") + " slot, not a"
                    + " logical one. Fix: name the logical slot the Airbyte source reads in 'slot'.");
        }
        if (!String.valueOf(row.get("this_database")).equals(String.valueOf(row.get("slot_database")))) {
            throw new ConfigurationError(name + "replication slot '" + slot + "' belongs to database '"
                    + row.get("slot_database") + "', not to the source database '" + row.get("this_database") + "'. Fix: point"
                    + " SOURCE_DB_URL at the database the Airbyte source reads, or name its slot in 'slot'.");
        }
        long limit = block.walLimit() == null ? defaultLimitBytes : WalSize.parse(name + "walLimit", block.walLimit());
        Number retained = (Number) row.get("retained_bytes");
        tick.setSlot(new SlotReading(slot, Boolean.TRUE.equals(row.get("active")), (String) row.get("wal_status"),
                retained == null ? 0L : retained.longValue(), limit, null));
        if (!block.hasTables()) {
            watchPublished(tick, name, publication, published(row.get("published")));
        }
    }

    private static void watchPublished(Tick tick, String name, String publication, List<String[]> published) {
        if (published.isEmpty()) {
            throw new ConfigurationError(name + "publication '" + publication + "' has no tables, so there is nothing to"
                    + " watch. Fix: ALTER PUBLICATION " + Identifiers.display(publication) + " ADD TABLE <the synced tables>;"
                    + " (as Airbyte's CDC set-up does), or list them in 'tables'.");
        }
        List<String> tables = new ArrayList<>(published.size());
        Set<String> names = new HashSet<>();
        for (String[] t : published) {
            tables.add(Identifiers.display(t[0]) + "." + Identifiers.display(t[1]) + NO_CURSOR);
            names.add(t[0] + "\u0000" + t[1]);
        }
        tick.usePublishedTables(String.join(", ", tables));
        ProbePlan plan = tick.getPlan();
        if (plan != null) {
            Set<String> planned = new HashSet<>();
            for (ProbePlan.PlannedTable t : plan.tables()) {
                planned.add(t.spec().schema() + "\u0000" + t.spec().table());
            }
            if (!planned.equals(names)) {
                tick.setPlan(null); // the publication's tables changed: the catalog is read again, a new table is first sight
            }
        }
    }

    private static List<String[]> published(Object json) {
        if (json == null) {
            return List.of();
        }
        try {
            return List.of(JSON.readValue(String.valueOf(json), String[][].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cdc-slot.sql answered tables that are not JSON: " + json, e);
        }
    }

    /** Route cdc-guard: the decision of the classifier, the slot, and the connection's last finished job. */
    public void guard(@ExchangeProperty(Tick.PROPERTY) Tick tick, @Body Map<String, Object> lastJob) {
        SlotReading slot = tick.getSlot();
        Decision d = tick.getDecision();
        if (d.kind() == DecisionKind.JOB_IN_FLIGHT) {
            return;
        }
        if (slot.active()) {
            tick.decided(new Decision(DecisionKind.JOB_IN_FLIGHT, null, List.of("replication slot '" + slot.slot()
                    + "' is active: Airbyte's sync reads it now"), List.of(), null, d.tablesJson(), d.tableNames(), d.intent()));
            return;
        }
        if (!slot.isNeedingSync()) {
            return;
        }
        boolean walSyncDidNotHelp = lastJob != null && REASON.equals(lastJob.get("reason"))
                && "succeeded".equals(lastJob.get("status"));
        if (walSyncDidNotHelp) {
            tick.setSlot(slot.stillAboveAfter(((Number) lastJob.get("job_id")).longValue()));
            return; // syncing again would not move the slot either: the alert says so (observe/Alerts)
        }
        if (d.kind() == DecisionKind.UNCHANGED) {
            tick.decided(new Decision(DecisionKind.DATA_CHANGED, REASON, List.of(slot.describe()), List.of(), null,
                    d.tablesJson(), d.tableNames(), d.intent()));
        }
    }
}
