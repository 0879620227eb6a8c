package io.pgairbytesync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.Test;

/**
 * The real service (Camel Main, as the jar starts it): the declared defaults resolve where nothing sets them, and a
 * setting that was taken as given before it was declared now stops start-up with its fix, before Camel uses it.
 */
class SettingsStartUpIT extends OrchestratorTestBase {

    @Test
    void theDeclaredDefaultsReachTheRunningService() throws Exception {
        startService("[]");
        var pc = camel.getPropertiesComponent();
        assertThat(pc.resolveProperty("alert.retry.max")).contains("4");
        assertThat(pc.resolveProperty("alert.retry.delay.ms")).contains("2000");
        assertThat(pc.resolveProperty("state.db.schema")).contains("airbyte_sync");
        assertThat(pc.resolveProperty("airbyte.retry.max")).as("the tests' override").contains("3");
        assertThat(camel.getRoutes()).extracting(r -> r.getRouteId()).contains("tick", "follow-jobs");
    }

    @Test
    void newlyCheckedSettingsStopStartUpWithTheFix() {
        Map<String, String[]> bad = new LinkedHashMap<>();
        bad.put("airbyte.retry.max", new String[] {"five", "AIRBYTE_RETRY_MAX 'five' is not a whole number of redeliveries"});
        bad.put("airbyte.retry.max.delay.ms", new String[] {"30s", "AIRBYTE_RETRY_MAX_DELAY_MS '30s' is not a whole number of milliseconds"});
        bad.put("airbyte.poll.first.delay.ms", new String[] {"-1", "AIRBYTE_POLL_FIRST_DELAY_MS '-1' is not a whole number of milliseconds"});
        bad.put("airbyte.connection.check.seconds", new String[] {"5m", "AIRBYTE_CONNECTION_CHECK_SECONDS '5m' is not a whole number of seconds"});
        bad.put("alert.retry.delay.ms", new String[] {"2 s", "ALERT_RETRY_DELAY_MS '2 s' is not a whole number of milliseconds"});
        bad.put("management.host", new String[] {"http://0.0.0.0", "MANAGEMENT_HOST 'http://0.0.0.0' is not an IP address or host name. Fix:"});
        bad.put("DECISIONS_LOG_LEVEL", new String[] {"VERBOSE", "DECISIONS_LOG_LEVEL 'VERBOSE' is not a log level. Fix:"});
        bad.put("camel.main.routesIncludePattern", new String[] {"file:/nonexistent/connections.yaml",
            "CAMEL_MAIN_ROUTESINCLUDEPATTERN names file:/nonexistent/connections.yaml, which is not a file. Fix:"});
        for (Map.Entry<String, String[]> e : bad.entrySet()) {
            assertThatThrownBy(() -> startService("[]", Map.of(e.getKey(), e.getValue()[0]))).as(e.getKey())
                    .hasStackTraceContaining(e.getValue()[1]);
            main = null;
        }
    }
}
