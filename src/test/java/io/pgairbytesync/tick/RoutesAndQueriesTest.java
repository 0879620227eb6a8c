package io.pgairbytesync.tick;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.pgairbytesync.act.JobFinder;
import io.pgairbytesync.act.PendingSyncs;
import io.pgairbytesync.airbyte.AirbyteAnswers;
import io.pgairbytesync.airbyte.AirbyteAuth;
import io.pgairbytesync.classify.ChangeClassifier;
import io.pgairbytesync.cluster.ClusterNode;
import io.pgairbytesync.config.Settings;
import io.pgairbytesync.doctor.ConnectionDiagnosis;
import io.pgairbytesync.doctor.DoctorChecks;
import io.pgairbytesync.doctor.DoctorReport;
import io.pgairbytesync.follow.FollowedJob;
import io.pgairbytesync.follow.JobFollowUp;
import io.pgairbytesync.observe.Alert;
import io.pgairbytesync.observe.AlertPayload;
import io.pgairbytesync.observe.Alerts;
import io.pgairbytesync.observe.ObserveSettings;
import io.pgairbytesync.observe.Outcomes;
import io.pgairbytesync.observe.Readiness;
import io.pgairbytesync.observe.StatusPage;
import io.pgairbytesync.probe.ProbePlanner;
import org.junit.jupiter.api.Test;

/**
 * The routes and the SQL files name Java things in text (exchange properties and their paths, beans and their
 * methods, query files). This test resolves every such name against the classes, so a rename in Java fails the build
 * here, at its first test, instead of at the first tick in production.
 */
class RoutesAndQueriesTest {

    private static final Path ROUTES = Path.of("src/main/resources/routes");
    private static final Path QUERIES = Path.of("src/main/resources/queries");

    /** The exchange properties of the routes, and what each holds. */
    private static final Map<String, Class<?>> PROPERTIES = Map.of(
            Tick.PROPERTY, Tick.class,
            FollowedJob.PROPERTY, FollowedJob.class,
            Alert.PROPERTY, Alert.class,
            DoctorReport.PROPERTY, DoctorReport.class,
            io.pgairbytesync.plan.PlanReport.PROPERTY, io.pgairbytesync.plan.PlanReport.class,
            Readiness.TARGET, String.class,
            "airbyteCall", String.class,
            io.pgairbytesync.observe.OutgoingEvent.PROPERTY, io.pgairbytesync.observe.OutgoingEvent.class);

    /** The beans the routes call, by the names SyncConfiguration binds them under. */
    private static final Map<String, Class<?>> BEANS = Map.ofEntries(
            Map.entry("connectionBlocks", ConnectionBlocks.class), Map.entry("probePlanner", ProbePlanner.class),
            Map.entry("changeClassifier", ChangeClassifier.class), Map.entry("jobFinder", JobFinder.class),
            Map.entry("pendingSyncs", PendingSyncs.class), Map.entry("syncQueue", io.pgairbytesync.act.SyncQueue.class),
            Map.entry("jobFollowUp", JobFollowUp.class),
            Map.entry("failureText", FailureText.class), Map.entry("firstTickGate", FirstTickGate.class),
            Map.entry("airbyteAnswers", AirbyteAnswers.class),
            Map.entry("airbyteAuth", AirbyteAuth.class), Map.entry("outcomes", Outcomes.class), Map.entry("alerts", Alerts.class),
            Map.entry("alertPayload", AlertPayload.class), Map.entry("readiness", Readiness.class),
            Map.entry("statusPage", StatusPage.class), Map.entry("observeSettings", ObserveSettings.class),
            Map.entry("connectionDiagnosis", ConnectionDiagnosis.class), Map.entry("doctorChecks", DoctorChecks.class),
            Map.entry("planSteps", io.pgairbytesync.plan.PlanSteps.class),
            Map.entry("cdcSlots", io.pgairbytesync.cdc.CdcSlots.class),
            Map.entry("clusterNode", ClusterNode.class), Map.entry("settings", Settings.class),
            Map.entry("lostSessions", LostSessions.class), Map.entry("events", io.pgairbytesync.observe.Events.class),
            Map.entry("afterSyncs", io.pgairbytesync.act.AfterSyncs.class),
            Map.entry("connectionsReload", io.pgairbytesync.reload.ConnectionsReload.class),
            Map.entry("statsSettle", io.pgairbytesync.follow.StatsSettle.class));

    private static final Pattern PROPERTY_PATH = Pattern.compile("exchangeProperty\\.(\\w+)((?:\\??\\.\\w+)*)");
    private static final Pattern SET_PROPERTY = Pattern.compile("setProperty:\\s*\\n\\s*name:\\s*(\\w+)");
    private static final Pattern BEAN_STEP = Pattern.compile("ref:\\s*(\\w+)\\s*\\n\\s*method:\\s*\"?(\\w+)");
    private static final Pattern BEAN_EXPRESSION = Pattern.compile("\\$\\{bean:(\\w+)(?:\\?method=|\\.)(\\w+)");
    private static final Pattern SQL_ENDPOINT = Pattern.compile("sql:([^?\"\\s]+)");
    private static final Pattern JAVA_QUERY = Pattern.compile("Queries\\.(?:text|statements)\\(\"([\\w-]+)\"");

    private static String text(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static List<Path> routesAndQueries() throws IOException {
        List<Path> all = new ArrayList<>(files(ROUTES, ".yaml"));
        all.addAll(files(QUERIES, ".sql"));
        return all;
    }

    @Test
    void everyPropertyPathResolvesOnItsClass() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : routesAndQueries()) {
            Matcher m = PROPERTY_PATH.matcher(text(file));
            while (m.find()) {
                checked++;
                Class<?> type = PROPERTIES.get(m.group(1));
                if (type == null) {
                    broken.add(file.getFileName() + ": exchange property '" + m.group(1) + "' is not one of " + PROPERTIES.keySet());
                    continue;
                }
                for (String segment : m.group(2).replace("?", "").split("\\.")) {
                    if (segment.isEmpty()) {
                        continue;
                    }
                    Method getter = getter(type, segment);
                    if (getter == null) {
                        broken.add(file.getFileName() + ": " + m.group() + " - " + type.getSimpleName() + " has no " + segment);
                        break;
                    }
                    type = getter.getReturnType();
                }
            }
        }
        assertThat(checked).as("property paths found").isGreaterThan(50);
        assertThat(broken).isEmpty();
    }

    /**
     * Camel's bean cache keeps every instance of a class it calls a method on when one of the class's public methods takes
     * a parameter it binds from the exchange itself (an {@code Exception}, the {@code Exchange}, an annotated one): one
     * entry per new object, up to a thousand. For the objects made anew at every tick or job check, that kept a thousand
     * ticks, probe rows and all (150 MB after 30 s with 1,000 tables). They must never have such a method.
     */
    @Test
    void theObjectsMadePerTickAreNotKeptByCamelsBeanCache() throws Exception {
        org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext();
        try {
            camel.start();
            for (Class<?> type : PROPERTIES.values()) {
                for (org.apache.camel.component.bean.MethodInfo m : new org.apache.camel.component.bean.BeanInfo(camel, type)
                        .getMethods()) {
                    assertThat(m.hasCustomAnnotation() || m.hasHandlerAnnotation()).as(type.getSimpleName() + "." + m.getMethod()
                            .getName() + " takes a parameter Camel binds from the exchange").isFalse();
                }
            }
        } finally {
            camel.stop();
        }
    }

    @Test
    void theRoutesUseFewExchangePropertiesAndEachIsDeclaredAbove() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path file : routesAndQueries()) {
            String t = text(file);
            for (Matcher m = PROPERTY_PATH.matcher(t); m.find();) {
                names.add(m.group(1));
            }
            for (Matcher m = SET_PROPERTY.matcher(t); m.find();) {
                names.add(m.group(1));
            }
        }
        assertThat(names).isSubsetOf(PROPERTIES.keySet()).hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void everyBeanMethodTheRoutesCallExists() throws IOException {
        List<String> broken = new ArrayList<>();
        Map<String, String> calls = new LinkedHashMap<>();
        for (Path file : routesAndQueries()) {
            String t = text(file);
            for (Matcher m = BEAN_STEP.matcher(t); m.find();) {
                calls.put(m.group(1) + "." + m.group(2), file.getFileName().toString());
            }
            for (Matcher m = BEAN_EXPRESSION.matcher(t); m.find();) {
                calls.put(m.group(1) + "." + m.group(2), file.getFileName().toString());
            }
        }
        for (Map.Entry<String, String> call : calls.entrySet()) {
            String[] beanAndMethod = call.getKey().split("\\.");
            Class<?> type = BEANS.get(beanAndMethod[0]);
            if (type == null) {
                broken.add(call.getValue() + ": bean '" + beanAndMethod[0] + "' is not one of " + BEANS.keySet());
            } else if (Stream.of(type.getMethods()).noneMatch(x -> x.getName().equals(beanAndMethod[1])
                    && Modifier.isPublic(x.getModifiers()))) {
                broken.add(call.getValue() + ": " + type.getSimpleName() + " has no public method " + beanAndMethod[1]);
            }
        }
        assertThat(calls).as("bean calls found").hasSizeGreaterThan(30);
        assertThat(broken).isEmpty();
    }

    @Test
    void everyStatementIsAFileOfQueriesAndEveryFileIsUsed() throws IOException {
        Set<String> used = new TreeSet<>();
        List<String> inline = new ArrayList<>();
        for (Path file : files(ROUTES, ".yaml")) {
            for (Matcher m = SQL_ENDPOINT.matcher(text(file)); m.find();) {
                String target = m.group(1);
                if (target.startsWith("classpath:queries/")) {
                    used.add(target.substring("classpath:queries/".length()));
                } else if (!target.equals("probe-statement-in-body")) { // the probe, built by ProbeSql
                    inline.add(file.getFileName() + ": sql:" + target);
                }
            }
        }
        assertThat(inline).as("SQL written in a route instead of queries/").isEmpty();
        // the few read from Java (config.Queries): before the routes exist, and the pools' session set-up
        for (Path java : files(Path.of("src/main/java"), ".java")) {
            for (Matcher m = JAVA_QUERY.matcher(text(java)); m.find();) {
                used.add(m.group(1) + ".sql");
            }
        }
        Set<String> present = new TreeSet<>();
        for (Path p : files(QUERIES, ".sql")) {
            present.add(p.getFileName().toString());
        }
        assertThat(present).as("files in queries/").isEqualTo(used);
    }

    private static Method getter(Class<?> type, String name) {
        String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String candidate : new String[] {"get" + cap, "is" + cap, name}) {
            try {
                Method m = type.getMethod(candidate);
                if (m.getReturnType() != void.class) {
                    return m;
                }
            } catch (NoSuchMethodException e) {
                // next
            }
        }
        return null;
    }
}
