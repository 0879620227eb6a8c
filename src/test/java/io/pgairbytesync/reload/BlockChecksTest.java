package io.pgairbytesync.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The one list of checks of the connection blocks: what a reload refuses, and what of it stops a start-up. */
class BlockChecksTest {

    static final String ID = "9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11";
    static final Map<String, String> DEFAULTS = Map.of("cursorColumn", "updated_at", "schedule", "H * * * * ?");

    static LoadedBlock block(String routeId, String connectionId, String tables, String schedule) {
        Map<String, String> p = new LinkedHashMap<>();
        if (connectionId != null) {
            p.put("connectionId", connectionId);
        }
        if (tables != null) {
            p.put("tables", tables);
        }
        if (schedule != null) {
            p.put("schedule", schedule);
        }
        return LoadedBlock.of("/etc/c.yaml", routeId, "airbyte-connection", p, DEFAULTS);
    }

    @Test
    void goodBlocksHaveNoProblem() {
        assertThat(BlockChecks.standard().check(List.of(block("a", ID, "public.orders", null),
                block("b", ID.replace('9', '8'), "orders:id, sales.\"Orders\"", "H */5 * * * ?")))).isEmpty();
    }

    @Test
    void eachProblemNamesTheFileTheBlockAndTheFix() {
        List<BlockProblem> problems = BlockChecks.standard().check(List.of(
                block("a", ID, "public.orders", null),
                block("a", ID, "public.orders", null),
                block("b", null, "orders", null),
                block("c", "not-a-uuid", "orders", null),
                block("d", ID, "orders,", null),
                block("e", ID, "orders", "0 0 25 * * ?"),
                block(null, ID, "orders", null)));
        assertThat(problems).extracting(BlockProblem::line).containsExactly(
                "/etc/c.yaml, block '(no routeId)': the block has no routeId (connectionId " + ID + "). Fix: give every block a"
                        + " routeId of its own, e.g. 'routeId: orders-to-bigquery'; it names the block in logs, /status and"
                        + " sync_state, and a change of the file is applied block by block by it.",
                "/etc/c.yaml, block 'a': two connection blocks have routeId 'a' (the other in /etc/c.yaml). Fix: give every"
                        + " block its own routeId.",
                "/etc/c.yaml, block 'b': required parameter 'connectionId' is missing. Fix: add '- name: connectionId' with its"
                        + " value under 'parameters' (see examples/connections.yaml).",
                "/etc/c.yaml, block 'c': connectionId 'not-a-uuid' is not a UUID. Fix: copy the id from the connection's page"
                        + " in the Airbyte UI (.../connections/<uuid>/status).",
                "/etc/c.yaml, block 'd': entry '' in 'tables' is not valid: empty entry (a stray comma?). Fix: write"
                        + " [schema.]table[:cursorColumn], e.g. 'public.orders' or 'sales.\"Orders\":modified_at'.",
                "/etc/c.yaml, block 'e': schedule '0 0 25 * * ?' is not a valid Quartz cron. Fix: six fields, seconds minutes"
                        + " hours day-of-month month day-of-week, e.g. 'H * * * * ?' (every minute, at this block's own second)"
                        + " or 'H */5 * * * ?' (every 5 minutes).");
    }

    @Test
    void atStartUpOnlyTheChecksThatStopItRunAndTheListCanBeExtended() {
        List<LoadedBlock> blocks = List.of(block("c", "not-a-uuid", "orders", null), block("e", ID, "orders", "0 0 25 * * ?"));
        assertThat(BlockChecks.standard().checkAtStartUp(blocks)).extracting(BlockProblem::routeId).containsExactly("e");
        BlockChecks more = BlockChecks.standard().with(new BlockChecks.Check("no block named c", true,
                (all, problems) -> all.stream().filter(b -> "c".equals(b.routeId()))
                        .forEach(b -> problems.add(BlockProblem.of(b, "c is taken. Fix: rename it.")))));
        assertThat(more.checkAtStartUp(blocks)).extracting(BlockProblem::routeId).containsExactly("e", "c");
    }

    @Test
    void aChangeSignalThatIsNoneAndACursorInAStatsBlockAreProblemsOfTheirBlock() {
        LoadedBlock bad = withSignal(block("a", ID, "public.orders", null), "deletes");
        LoadedBlock statsWithCursor = withSignal(block("b", ID.replace('9', '8'), "events, orders:updated_at", null), "stats");
        LoadedBlock good = withSignal(block("c", ID.replace('9', '7'), "events, logs:-", null), "stats");
        List<BlockProblem> problems = BlockChecks.standard().check(List.of(bad, statsWithCursor, good));
        assertThat(problems).extracting(BlockProblem::routeId).containsExactly("a", "b");
        assertThat(problems.get(0).text()).startsWith("parameter 'changeSignal' 'deletes' is not a change signal");
        assertThat(problems.get(1).text()).contains("table public.orders names the cursor column updated_at")
                .contains("Fix: write 'public.orders' without ':updated_at'");
        assertThat(BlockChecks.standard().checkAtStartUp(List.of(bad, statsWithCursor)))
                .as("a bad block fails only its own ticks").isEmpty();
    }

    private static LoadedBlock withSignal(LoadedBlock b, String signal) {
        Map<String, String> p = new LinkedHashMap<>(b.parameters());
        p.put("changeSignal", signal);
        return LoadedBlock.of(b.file(), b.routeId(), b.templateRef(), p, DEFAULTS);
    }

    static LoadedBlock cdc(String routeId, String tables, String slot, String publication, String walLimit, String after) {
        return cdc(routeId, "cdc", tables, slot, publication, walLimit, after);
    }

    static LoadedBlock cdc(String routeId, String signal, String tables, String slot, String publication, String walLimit,
            String after) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("connectionId", ID);
        p.put("schedule", "H * * * * ?");
        for (String[] kv : new String[][] {{"changeSignal", signal}, {"tables", tables}, {"slot", slot},
                {"publication", publication}, {"walLimit", walLimit}, {"after", after}}) {
            if (kv[1] != null) {
                p.put(kv[0], kv[1]);
            }
        }
        return LoadedBlock.of("/etc/c.yaml", routeId, "airbyte-connection", p, DEFAULTS);
    }

    @Test
    void aCdcBlockNamesItsSlotAndPublicationAndNeedsNoTables() {
        assertThat(BlockChecks.standard().check(List.of(cdc("a", null, "airbyte_slot", "airbyte_pub", null, null),
                cdc("b", "public.orders", "airbyte_slot", "airbyte_pub", "500MB", null)))).isEmpty();
        assertThat(BlockChecks.standard().check(List.of(
                cdc("c", null, "airbyte_slot", null, null, null),
                cdc("d", null, "Airbyte-Slot", "airbyte_pub", null, null),
                cdc("e", null, "airbyte_slot", "airbyte_pub", "lots", null),
                cdc("f", null, "public.orders", null, null, "1GB", null),
                cdc("g", null, "airbyte_slot", "airbyte_pub", null, "f"),
                cdc("h", "stats", "public.orders", "airbyte_slot", "airbyte_pub", null, null))))
                .extracting(BlockProblem::line).containsExactly(
                        "/etc/c.yaml, block 'c': a CDC block names both its replication slot and its publication; 'publication'"
                                + " is missing. Fix: add '- name: publication' with the name the Airbyte source uses (its"
                                + " 'Replication Slot' and 'Publication' settings).",
                        "/etc/c.yaml, block 'd': slot 'Airbyte-Slot' is not a replication slot name (lower-case letters, digits"
                                + " and underscores, at most 63). Fix: copy the slot name from the Airbyte source's settings.",
                        "/etc/c.yaml, block 'e': walLimit 'lots' is not a size of WAL of at least 1MB. Fix: write it as a whole"
                                + " number with a unit, e.g. 1GB, 500MB or 2TB (a number alone is bytes).",
                        "/etc/c.yaml, block 'f': 'walLimit' is set, but the block is not a CDC block. Fix: remove 'walLimit',"
                                + " or make it one: 'changeSignal: cdc' with its 'slot' and 'publication'.",
                        "/etc/c.yaml, block 'g': a CDC block watches its publication, so it cannot also follow block 'f'. Fix:"
                                + " remove 'after', or remove 'slot' and 'publication'.",
                        "/etc/c.yaml, block 'h': 'slot' and 'publication' are set, but the block's changeSignal is not cdc."
                                + " Fix: add 'changeSignal: cdc' (a CDC connection: its slot is watched too), or remove them.");
    }
}
