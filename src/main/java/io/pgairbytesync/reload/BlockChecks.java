package io.pgairbytesync.reload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import io.pgairbytesync.config.ConfigurationError;
import io.pgairbytesync.probe.ChangeSignal;
import io.pgairbytesync.probe.TablesParameter;
import io.pgairbytesync.tick.BlockGraph;
import io.pgairbytesync.tick.ConnectionBlocks;

/**
 * The checks of the connection blocks that need no database: ONE entry point ({@link #check}) for the start-up and for a
 * reload of the connection YAML, a list of {@link Check}s that can be extended ({@link #with}).
 * <p>
 * A reload refuses an edit with any problem (the running blocks stay as they are). At start-up only the checks marked
 * {@link Check#stopsStartUp()} stop the service; the others (a connectionId that is not a UUID, a bad 'tables') fail only
 * their block's ticks, so a bad block never stops the others.
 */
public final class BlockChecks {

    /**
     * One check over all the blocks (some problems, a duplicate routeId, a cycle, are about several).
     *
     * @param name         what it checks
     * @param stopsStartUp whether a problem it finds stops the start-up (else it fails the block's ticks)
     * @param rule         adds a problem per thing wrong
     */
    public record Check(String name, boolean stopsStartUp, BiConsumer<List<LoadedBlock>, List<BlockProblem>> rule) {
    }

    /** The checks of this service, in order. */
    public static final List<Check> STANDARD = List.of(
            new Check("template and routeId", true, BlockChecks::templateAndRouteId),
            new Check("routeId once", true, BlockChecks::routeIdsOnce),
            new Check("required parameters", false, BlockChecks::required),
            new Check("connectionId", false, BlockChecks::connectionIds),
            new Check("changeSignal", false, BlockChecks::changeSignals),
            new Check("tables", false, BlockChecks::tables),
            new Check("schedule", true, BlockChecks::schedules),
            new Check("after", true, BlockChecks::after),
            new Check("cdc", false, BlockChecks::cdc));

    private final List<Check> checks;

    public BlockChecks(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public static BlockChecks standard() {
        return new BlockChecks(STANDARD);
    }

    /** These checks and one more, run after them. */
    public BlockChecks with(Check more) {
        List<Check> all = new ArrayList<>(checks);
        all.add(more);
        return new BlockChecks(all);
    }

    /** Every problem of every check, in the checks' order; empty: the blocks validate. */
    public List<BlockProblem> check(List<LoadedBlock> blocks) {
        return run(blocks, false);
    }

    /** The problems that stop the start-up (the checks marked so). */
    public List<BlockProblem> checkAtStartUp(List<LoadedBlock> blocks) {
        return run(blocks, true);
    }

    private List<BlockProblem> run(List<LoadedBlock> blocks, boolean startUpOnly) {
        List<BlockProblem> problems = new ArrayList<>();
        for (Check check : checks) {
            if (!startUpOnly || check.stopsStartUp()) {
                check.rule().accept(blocks, problems);
            }
        }
        return problems;
    }

    private static void templateAndRouteId(List<LoadedBlock> blocks, List<BlockProblem> problems) {
        for (LoadedBlock b : blocks) {
            if (!b.isConnectionBlock()) {
                problems.add(BlockProblem.of(b, "routeTemplateRef '" + b.templateRef() + "' is not a template of this service."
                        + " Fix: write 'routeTemplateRef: " + ConnectionBlocks.TEMPLATE + "'."));
            } else if (b.routeId() == null || b.routeId().isBlank()) {
                problems.add(BlockProblem.of(b, "the block has no routeId (connectionId " + b.block().connectionId() + ")."
                        + " Fix: give every block a routeId of its own, e.g. 'routeId: orders-to-bigquery'; it names the"
                        + " block in logs, /status and sync_state, and a change of the file is applied block by block by it."));
            }
        }
    }

    private static void routeIdsOnce(List<LoadedBlock> blocks, List<BlockProblem> problems) {
        Map<String, LoadedBlock> seen = new HashMap<>();
        for (LoadedBlock b : blocks) {
            if (b.routeId() == null) {
                continue;
            }
            LoadedBlock first = seen.putIfAbsent(b.routeId(), b);
            if (first != null) {
                problems.add(BlockProblem.of(b, "two connection blocks have routeId '" + b.routeId() + "' (the other in "
                        + first.file() + "). Fix: give every block its own routeId."));
            }
        }
    }

    private static void required(List<LoadedBlock> blocks, List<BlockProblem> problems) {
        for (LoadedBlock b : blocks) {
            for (String name : List.of("connectionId", "tables")) {
                String v = name.equals("connectionId") ? b.block().connectionId() : b.block().tables();
                // 'after' blocks have no tables; a CDC block's default to its publication's
                boolean needed = name.equals("connectionId") || !(b.block().isDownstream() || b.block().isCdc());
                if (b.isConnectionBlock() && needed && (v == null || v.isBlank())) {
                    problems.add(BlockProblem.of(b, "required parameter '" + name + "' is missing. Fix: add '- name: " + name
                            + "' with its value under 'parameters' (see examples/connections.yaml)."));
                }
            }
        }
    }

    private static void connectionIds(List<LoadedBlock> blocks, List<BlockProblem> problems) {
        for (LoadedBlock b : blocks) {
            String id = b.block().connectionId();
            if (b.isConnectionBlock() && id != null && !id.isBlank() && b.block().uuid() == null) {
                problems.add(BlockProblem.of(b, "connectionId '" + id + "' is not a UUID. Fix: copy the id from the"
                        + " connection's page in the Airbyte UI (.../connections/<uuid>/status)."));
            }
        }
    }

    private static void tables(List<LoadedBlock> blocks, List<BlockProblem> problems) {
        for (LoadedBlock b : blocks) {
            String tables = b.block().tables();
            if (b.isConnectionBlock() && b.routeId() != null && tables != null && !tables.isBlank()) {
                try {
                    // the block's own changeSignal (a table 'x:col' in a 'stats' block is refused); a bad value is the
                    // problem of the check 'changeSignal', and the setting's value is checked again at the block's first tick
                    TablesParameter.parse(b.routeId(), tables, b.block().cursorColumn(), signalOrCursor(b));
                } catch (ConfigurationError e) {
                    problems.add(BlockProblem.of(b, withoutBlockName(b, e.getMessage())));
                }
            }
        }
    }

    /** A changeSignal parameter is one of {@link ChangeSignal}'s values. */
    private static void changeSignals(List<LoadedBlock> blocks, List<BlockProblem> problems) {
        for (LoadedBlock b : blocks) {
            if (b.isConnectionBlock() && b.routeId() != null) {
                try {
                    b.block().signal(ChangeSignal.CURSOR);
                } catch (ConfigurationError e) {
                    problems.add(BlockProblem.of(b, withoutBlockName(b, e.getMessage())));
                }
            }
        }
    }

    private static ChangeSignal signalOrCursor(LoadedBlock b) {
        try {
            return b.block().signal(ChangeSignal.CURSOR);
        } catch (ConfigurationError e) {
            return ChangeSignal.CURSOR;
        }
    }

    private static void schedules(List<LoadedBlock> blocks, List<BlockProblem> problems) {
        for (LoadedBlock b : blocks) {
            if (b.isConnectionBlock() && b.routeId() != null) { // without one, it is refused already
                try {
                    b.resolvedSchedule();
                } catch (ConfigurationError e) {
                    problems.add(BlockProblem.of(b, withoutBlockName(b, e.getMessage())));
                }
            }
        }
    }

    /** 'after': tables or after, never both; after names a block; no cycle ({@link BlockGraph}, on the blocks together). */
    private static void after(List<LoadedBlock> blocks, List<BlockProblem> problems) {
        // a block with neither tables nor after is the problem of 'required parameters' (it fails only its own ticks)
        List<LoadedBlock> named = blocks.stream().filter(b -> b.isConnectionBlock() && b.routeId() != null)
                .filter(b -> b.block().isDownstream() || b.block().isCdc() || (b.block().tables() != null && !b.block().tables().isBlank()))
                .toList();
        if (named.stream().noneMatch(b -> b.block().isDownstream())) {
            return;
        }
        try {
            BlockGraph.check(named.stream().map(LoadedBlock::block).toList());
        } catch (ConfigurationError e) {
            String message = e.getMessage();
            LoadedBlock about = named.stream().filter(b -> message.startsWith("connection block '" + b.routeId() + "'"))
                    .findFirst().orElse(named.get(0));
            problems.add(BlockProblem.of(about, withoutBlockName(about, message)));
        }
    }

    /**
     * A CDC block ({@code changeSignal: cdc}): 'slot' and 'publication' together (a slot name as PostgreSQL allows one), no 'after', a 'walLimit' that
     * is a size (and only on a CDC block).
     */
    private static void cdc(List<LoadedBlock> blocks, List<BlockProblem> problems) {
        for (LoadedBlock b : blocks) {
            io.pgairbytesync.tick.ConnectionBlock c = b.block();
            if (!b.isConnectionBlock() || b.routeId() == null) {
                continue;
            }
            if (!c.isCdc()) {
                if (c.slot() != null || c.publication() != null) {
                    problems.add(BlockProblem.of(b, "'slot' and 'publication' are set, but the block's changeSignal is not cdc."
                            + " Fix: add 'changeSignal: cdc' (a CDC connection: its slot is watched too), or remove them."));
                } else if (c.walLimit() != null) {
                    problems.add(BlockProblem.of(b, "'walLimit' is set, but the block is not a CDC block. Fix: remove 'walLimit',"
                            + " or make it one: 'changeSignal: cdc' with its 'slot' and 'publication'."));
                }
                continue;
            }
            if (c.slot() == null || c.publication() == null) {
                problems.add(BlockProblem.of(b, "a CDC block names both its replication slot and its publication; '"
                        + (c.slot() == null ? "slot" : "publication") + "' is missing. Fix: add '- name: "
                        + (c.slot() == null ? "slot" : "publication") + "' with the name the Airbyte source uses (its"
                        + " 'Replication Slot' and 'Publication' settings)."));
            } else if (!c.slot().matches("[a-z0-9_]{1,63}")) {
                problems.add(BlockProblem.of(b, "slot '" + c.slot() + "' is not a replication slot name (lower-case letters,"
                        + " digits and underscores, at most 63). Fix: copy the slot name from the Airbyte source's settings."));
            }
            if (c.isDownstream()) {
                problems.add(BlockProblem.of(b, "a CDC block watches its publication, so it cannot also follow block '"
                        + c.after() + "'. Fix: remove 'after', or remove 'slot' and 'publication'."));
            }
            if (c.walLimit() != null) {
                try {
                    io.pgairbytesync.cdc.WalSize.parse("walLimit", c.walLimit());
                } catch (ConfigurationError e) {
                    problems.add(BlockProblem.of(b, e.getMessage()));
                }
            }
        }
    }

    /** The messages of the shared checks start with "connection block 'x': ", which the problem's line says already. */
    static String withoutBlockName(LoadedBlock b, String message) {
        String prefix = "connection block '" + b.routeId() + "': ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
