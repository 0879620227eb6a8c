package io.pgairbytesync;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgairbytesync.config.EngineRoutesCollector;
import io.pgairbytesync.config.SyncConfiguration;
import io.pgairbytesync.demo.Demo;
import io.pgairbytesync.doctor.Doctor;
import io.pgairbytesync.plan.Plan;
import io.pgairbytesync.plan.PlanReport;
import io.pgairbytesync.config.ConfigurationError;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts pg-airbyte-sync: Camel Main with the engine routes, the connection YAML and the beans of
 * {@link SyncConfiguration}. {@code --demo} runs the whole loop on an embedded PostgreSQL and an Airbyte stand-in; {@code --doctor} checks the
 * configuration; {@code --plan [--json]} prints what each block's tick would do now.
 */
public final class PgAirbyteSyncMain {

    private static final Logger LOG = LoggerFactory.getLogger(PgAirbyteSyncMain.class);

    private PgAirbyteSyncMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean demo = rest.remove("--demo");
        if (rest.remove("--doctor")) {
            System.exit(doctor());
        }
        if (rest.remove("--plan")) {
            // the plan alone on standard output (a script reads the JSON there): the log lines go to standard error
            PrintStream out = System.out;
            System.setOut(System.err);
            System.exit(plan(rest.remove("--json"), Map.of(), out));
        }
        Demo running = null;
        Main main;
        if (demo) {
            running = Demo.start();
            main = create(running.properties());
            running.runScriptWhenStarted(main);
        } else {
            main = create(Map.of());
        }
        int code;
        try {
            code = main.run(rest.toArray(String[]::new));
            if (running != null && code == 0) {
                running.showPlan();
            }
        } catch (Exception e) {
            code = reportStartupFailure(e);
        } finally {
            if (running != null) {
                running.close();
            }
        }
        System.exit(code);
    }

    /** A configured, not yet started Main; the environment wins over {@code overrides}, which win over the defaults. */
    public static Main create(Map<String, String> overrides) {
        Main main = new Main();
        // settings Camel reads before the service's configuration runs (the connection files) are checked first
        io.pgairbytesync.config.Setting.applyTo(main);
        main.setRoutesCollector(new EngineRoutesCollector());
        main.configure().addConfiguration(SyncConfiguration.class);
        // settings Camel itself binds (camel.server.port = {{management.port}}) are checked before it does
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void beforeConfigure(org.apache.camel.main.BaseMainSupport m) {
                io.pgairbytesync.observe.ObserveSettings.managementPort(m.getCamelContext().getPropertiesComponent());
            }
        });
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    /** --doctor: starts the service without its schedule, runs the checks, prints the report, stops. */
    static int doctor() {
        Main main = create(doctorSettings());
        try {
            main.start();
            return new Doctor(main.getCamelContext()).run(System.out);
        } catch (Exception e) {
            return reportStartupFailure(e);
        } finally {
            try {
                main.stop();
            } catch (Exception ignored) {
                // exiting
            }
        }
    }

    /**
     * --plan: starts the service as --doctor does (no schedule, no state DDL, no background job), prints what each
     * block's tick would do now ({@code json}: as one JSON object on standard output), stops. The exit code:
     * {@link PlanReport#NOTHING_TO_SYNC}, {@link PlanReport#WOULD_SYNC}, or {@link PlanReport#ERRORS} (also when the
     * service cannot start: a configuration error is an error here, not the 2 of "something would sync").
     */
    public static int plan(boolean json, Map<String, String> overrides, PrintStream out) {
        Map<String, String> settings = new java.util.HashMap<>(overrides);
        settings.putAll(doctorSettings());
        Main main = create(settings);
        try {
            main.start();
            return new Plan(main.getCamelContext()).run(out, json);
        } catch (Exception e) {
            reportStartupFailure(e);
            // on standard output too: a script that reads the plan there learns why there is none
            return PlanReport.notStarted(startupFailureText(e), out, json);
        } finally {
            try {
                main.stop();
            } catch (Exception ignored) {
                // exiting
            }
        }
    }

    /** What --doctor overrides: no first tick, no Quartz scheduler, no state DDL, no fixed management port. */
    public static Map<String, String> doctorSettings() {
        // the management server on any free port: the running service keeps MANAGEMENT_PORT
        return Map.of("tick.on.start", "false", "camel.component.quartz.autoStartScheduler", "false", "doctor.mode", "true",
                "management.port", "0");
    }

    /** A configuration error's own message (it names the setting and the fix), else the failure's. */
    private static String startupFailureText(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationError) {
                return t.getMessage();
            }
        }
        return String.valueOf(e.getMessage());
    }

    private static int reportStartupFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationError) {
                LOG.error("Not started: {}", t.getMessage());
                return 2;
            }
        }
        LOG.error("Not started: {}", e.getMessage(), e);
        return 1;
    }
}
