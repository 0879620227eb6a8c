package io.pgairbytesync.plan;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What one {@code --plan} run found (exchange property {@value #PROPERTY} of the plan routes), printed as text or
 * JSON, and its exit code: {@value #NOTHING_TO_SYNC} nothing would sync, {@value #WOULD_SYNC} at least one block would
 * sync, {@value #ERRORS} a block could not be planned (errors win: the others' plans are printed all the same). The
 * same codes as {@code terraform plan -detailed-exitcode}; 1 is also --doctor's "something to fix".
 */
public final class PlanReport {

    /** The exchange property that carries the report through the plan routes. */
    public static final String PROPERTY = "planReport";

    public static final int NOTHING_TO_SYNC = 0;
    public static final int ERRORS = 1;
    public static final int WOULD_SYNC = 2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<BlockPlan> blocks = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stateTablesPresent = true;

    /**
     * Whether the state tables exist (route plan): before the first start they do not, and every table is then seen for
     * the first time. True until known otherwise (a state database that does not answer fails each block's read).
     */
    public boolean isStateTablesPresent() {
        return stateTablesPresent;
    }

    void noStateTablesYet() {
        this.stateTablesPresent = false;
    }

    public void add(BlockPlan block) {
        blocks.add(block);
    }

    public List<BlockPlan> blocks() {
        synchronized (blocks) {
            return List.copyOf(blocks);
        }
    }

    public int exitCode() {
        List<BlockPlan> all = blocks();
        if (all.stream().anyMatch(BlockPlan::failed)) {
            return ERRORS;
        }
        return all.stream().anyMatch(BlockPlan::wouldSync) ? WOULD_SYNC : NOTHING_TO_SYNC;
    }

    /** Prints the plan as text, one block after the other; returns the exit code. */
    public int print(PrintStream out) {
        List<BlockPlan> all = blocks();
        out.println();
        out.println("pg-airbyte-sync plan: what each block's tick would do now (nothing was written, nothing sent to Airbyte)");
        out.println("-------------------------------------------------------------------------------------------------------");
        for (BlockPlan b : all) {
            out.println(b.routeId() + " (" + b.connectionId() + "): " + b.decision() + (b.wouldSync() ? " -> would sync" : ""));
            if (b.failed()) {
                out.println("    error: " + b.error());
                out.println("    fix:   " + b.fix());
                continue;
            }
            if (b.pendingJobId() != null) {
                out.println("    job " + b.pendingJobId() + " has not finished (sync_job): nothing is started until it ends;"
                        + " then the tables are compared again");
            }
            if (b.intent() != null) {
                out.println("    an earlier tick asked for a sync at " + b.intent().get("at") + " without learning its job:"
                        + " the tick first looks for that job in Airbyte's job list, and waits for it when it finds one");
            }
            for (String change : b.changes()) {
                out.println("    " + change);
            }
            if (b.changes().isEmpty()) {
                out.println("    " + b.tables().size() + " table(s) as synced");
            }
        }
        if (all.isEmpty()) {
            out.println("no connection blocks loaded. Fix: set CAMEL_MAIN_ROUTESINCLUDEPATTERN to your connection YAML");
        }
        long syncing = all.stream().filter(BlockPlan::wouldSync).count();
        long failed = all.stream().filter(BlockPlan::failed).count();
        int code = exitCode();
        out.printf("%n%d block(s): %d would sync, %d error(s). Exit code %d (0 nothing to sync, 2 something would sync,"
                + " 1 errors)%n", all.size(), syncing, failed, code);
        return code;
    }

    /** The service could not start (a wrong setting, a database that refused the pools): says why; returns {@value #ERRORS}. */
    public static int notStarted(String why, PrintStream out, boolean json) {
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("exitCode", ERRORS);
            j.put("wouldSync", false);
            j.put("errors", true);
            j.put("blocks", List.of());
            j.put("notStarted", why);
            try {
                out.println(JSON.writeValueAsString(j));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.println("pg-airbyte-sync plan: not started: " + why);
        }
        return ERRORS;
    }

    /**
     * Prints the plan as one JSON object: {@code exitCode}, {@code wouldSync} (some block would sync), {@code errors}
     * (some block could not be planned) and {@code blocks} ({@link BlockPlan}, in routeId order); returns the exit code.
     */
    public int printJson(PrintStream out) {
        Map<String, Object> json = new LinkedHashMap<>();
        int code = exitCode();
        json.put("exitCode", code);
        json.put("wouldSync", blocks().stream().anyMatch(BlockPlan::wouldSync));
        json.put("errors", blocks().stream().anyMatch(BlockPlan::failed));
        json.put("blocks", blocks());
        try {
            out.println(JSON.writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return code;
    }
}
