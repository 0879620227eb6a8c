package io.pgairbytesync.tick;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pgairbytesync.config.ConfigurationError;

/**
 * The `after` relations between connection blocks, checked as a whole: a block either watches tables ({@code tables})
 * or syncs after another block's successful syncs ({@code after: <routeId>}), never both, never neither; {@code after}
 * names a block that exists; and following {@code after} never comes back to where it started (A after B after A, or a
 * block after itself), which would sync forever. Called at start-up (StartupTicks) with every block; the live reload of
 * the YAML calls it with the blocks it is about to run.
 */
public final class BlockGraph {

    private BlockGraph() {
    }

    /** Throws a {@link ConfigurationError} naming the blocks and the fix at the first rule broken. */
    public static void check(Collection<ConnectionBlock> blocks) {
        Map<String, ConnectionBlock> byId = new LinkedHashMap<>();
        for (ConnectionBlock b : blocks) {
            byId.put(b.routeId(), b);
        }
        for (ConnectionBlock b : byId.values()) {
            boolean hasTables = b.tables() != null && !b.tables().isBlank();
            if (b.isDownstream() && hasTables) {
                throw new ConfigurationError("connection block '" + b.routeId() + "' has both 'after: " + b.after()
                        + "' and 'tables'. Fix: keep one: 'tables' to sync when those tables change, or 'after' (and no"
                        + " tables) to sync each time block '" + b.after() + "' has synced.");
            }
            if (!b.isDownstream() && !hasTables && !b.isCdc()) {
                throw new ConfigurationError("connection block '" + b.routeId() + "' has neither 'tables' nor 'after'."
                        + " Fix: list the tables to watch (tables: public.orders,public.customers), or name the block whose"
                        + " syncs this one follows (after: <its routeId>).");
            }
            if (b.isDownstream() && !byId.containsKey(b.after())) {
                throw new ConfigurationError("connection block '" + b.routeId() + "' has 'after: " + b.after()
                        + "', but no connection block has that routeId. Fix: name the routeId of an existing block"
                        + " (one of: " + String.join(", ", byId.keySet()) + ").");
            }
        }
        for (ConnectionBlock start : byId.values()) {
            List<String> path = new ArrayList<>();
            ConnectionBlock at = start;
            while (at != null && at.isDownstream()) {
                path.add(at.routeId());
                if (at.after().equals(start.routeId())) {
                    path.add(start.routeId());
                    throw new ConfigurationError("connection blocks form a cycle of 'after': " + String.join(" after ", path)
                            + ". Each success would start the next sync forever. Fix: remove 'after' from one of them and"
                            + " give it 'tables' instead.");
                }
                if (path.size() > byId.size()) {
                    break; // a cycle further on, reported from one of its own blocks
                }
                at = byId.get(at.after());
            }
        }
    }
}
