package io.pgairbytesync.plan;

import java.io.PrintStream;

import org.apache.camel.CamelContext;

/**
 * {@code --plan}: what each connection block's tick would do now, through the routes of 6-plan.yaml. Each block is probed
 * once and classified against the sync state by the tick's own routes (probe, decide) with a dry-run tick: nothing is
 * written to the state, nothing is sent to Airbyte. Prints the plan as text or JSON; returns the exit code
 * ({@link PlanReport#exitCode()}).
 */
public final class Plan {

    private final CamelContext camel;

    public Plan(CamelContext camel) {
        this.camel = camel;
    }

    public PlanReport report() {
        return camel.createFluentProducerTemplate().to("direct:plan").request(PlanReport.class);
    }

    /** Runs the plan, prints it ({@code json}: as one JSON object) and returns the exit code. */
    public int run(PrintStream out, boolean json) {
        PlanReport report = report();
        return json ? report.printJson(out) : report.print(out);
    }
}
