package io.pgairbytesync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.pgairbytesync.observe.ObserveSettings;
import io.pgairbytesync.logging.SecretMasker;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The check of every setting, over a plain map (no Camel): each accepts its default and the values it documents, and
 * refuses a wrong value at start-up with a message that names the variable and the fix. The messages that were given
 * before the settings were declared in {@link Setting} are pinned word for word.
 */
class SettingTest {

    private static final String SOURCE = "jdbc:postgresql://db.example:5432/shop?sslmode=require";

    /** A good value or a bad one with the whole message it gives. */
    private record Case(Setting setting, String value, String message) {
    }

    private static final List<Case> CASES = new ArrayList<>();

    /** Settings that were taken as given before they were declared: their messages all name the fix. */
    private static final Set<Setting> NEWLY_CHECKED = Set.of(Setting.AIRBYTE_POLL_FIRST_DELAY_MS, Setting.AIRBYTE_RETRY_MAX,
            Setting.AIRBYTE_RETRY_DELAY_MS, Setting.AIRBYTE_RETRY_MAX_DELAY_MS, Setting.AIRBYTE_CONNECTION_CHECK_SECONDS,
            Setting.AIRBYTE_JOB_LISTING_GRACE_SECONDS, Setting.AIRBYTE_CLOCK_SKEW_MS, Setting.MANAGEMENT_HOST, Setting.ALERT_RETRY_MAX, Setting.ALERT_RETRY_DELAY_MS,
            Setting.CAMEL_MAIN_ROUTESINCLUDEPATTERN, Setting.DECISIONS_LOG_LEVEL, Setting.DOCTOR_MODE);

    private static void good(Setting s, String... values) {
        for (String v : values) {
            CASES.add(new Case(s, v, null));
        }
    }

    private static void bad(Setting s, String value, String message) {
        CASES.add(new Case(s, value, message));
    }

    static {
        good(Setting.SOURCE_DB_URL, SOURCE, "jdbc:postgresql://localhost/db");
        bad(Setting.SOURCE_DB_URL, "", "SOURCE_DB_URL is not set. Fix: export SOURCE_DB_URL=jdbc:postgresql://<host>:5432/<database>"
                + " (and SOURCE_DB_USER, SOURCE_DB_PASSWORD), or try the service with --demo.");
        bad(Setting.SOURCE_DB_URL, "postgres://db:5432/shop", "SOURCE_DB_URL must be a PostgreSQL JDBC URL starting with"
                + " jdbc:postgresql: (e.g. jdbc:postgresql://mydb.abc123.eu-west-1.rds.amazonaws.com:5432/shop?sslmode=require).");
        bad(Setting.SOURCE_DB_URL, SOURCE + "&Password=x", "SOURCE_DB_URL carries a password=... parameter. Fix: remove it from"
                + " the URL and set it in SOURCE_DB_PASSWORD instead (URLs are logged; passwords never are).");
        good(Setting.SOURCE_DB_USER, "", "airbyte_sync_probe", "Odd User; name");
        good(Setting.SOURCE_DB_PASSWORD, "", "pw", "x y'\"");
        good(Setting.SOURCE_DB_STATEMENT_TIMEOUT, "5s", "500ms", "1min", "2h", "3000", "5 s");
        bad(Setting.SOURCE_DB_STATEMENT_TIMEOUT, "soon", "SOURCE_DB_STATEMENT_TIMEOUT 'soon' is not a duration PostgreSQL"
                + " understands. Fix: e.g. 5s, 500ms or 1min.");
        bad(Setting.SOURCE_DB_STATEMENT_TIMEOUT, "5s; SET x", "SOURCE_DB_STATEMENT_TIMEOUT '5s; SET x' is not a duration"
                + " PostgreSQL understands. Fix: e.g. 5s, 500ms or 1min.");
        good(Setting.SOURCE_DB_LOCK_TIMEOUT, "5s", "100ms");
        bad(Setting.SOURCE_DB_LOCK_TIMEOUT, "-1s", "SOURCE_DB_LOCK_TIMEOUT '-1s' is not a duration PostgreSQL understands."
                + " Fix: e.g. 5s, 500ms or 1min.");
        good(Setting.SOURCE_DB_NETWORK_TIMEOUT, "", "30s", "6s", "1min", "6000");
        bad(Setting.SOURCE_DB_NETWORK_TIMEOUT, "5s", "SOURCE_DB_NETWORK_TIMEOUT '5s' is not longer than"
                + " SOURCE_DB_STATEMENT_TIMEOUT '5s': a slow statement would lose its session to the network timeout instead of"
                + " being cancelled by PostgreSQL. Fix: e.g. 30s, several seconds longer than SOURCE_DB_STATEMENT_TIMEOUT, or"
                + " leave it empty (SOURCE_DB_STATEMENT_TIMEOUT + 25 s).");
        bad(Setting.SOURCE_DB_NETWORK_TIMEOUT, "500ms", "SOURCE_DB_NETWORK_TIMEOUT '500ms' is not a duration between 1s and 24h."
                + " Fix: e.g. 30s, several seconds longer than SOURCE_DB_STATEMENT_TIMEOUT, or leave it empty"
                + " (SOURCE_DB_STATEMENT_TIMEOUT + 25 s).");
        bad(Setting.SOURCE_DB_NETWORK_TIMEOUT, "never", "SOURCE_DB_NETWORK_TIMEOUT 'never' is not a duration between 1s and 24h."
                + " Fix: e.g. 30s, several seconds longer than SOURCE_DB_STATEMENT_TIMEOUT, or leave it empty"
                + " (SOURCE_DB_STATEMENT_TIMEOUT + 25 s).");
        bad(Setting.SOURCE_DB_NETWORK_TIMEOUT, "25h", "SOURCE_DB_NETWORK_TIMEOUT '25h' is not a duration between 1s and 24h."
                + " Fix: e.g. 30s, several seconds longer than SOURCE_DB_STATEMENT_TIMEOUT, or leave it empty"
                + " (SOURCE_DB_STATEMENT_TIMEOUT + 25 s).");
        good(Setting.CHANGE_SIGNAL, "cursor", "cursor+stats", "stats");
        bad(Setting.CHANGE_SIGNAL, "deletes", "CHANGE_SIGNAL 'deletes' is not known. Fix: use cursor (max of the cursor column,"
                + " the default), cursor+stats (also the write counters of pg_stat_user_tables, which see deletes) or stats"
                + " (the write counters alone).");
        good(Setting.TICK_ON_START, "true", "false");
        bad(Setting.TICK_ON_START, "maybe", "TICK_ON_START 'maybe' is not true or false.");

        good(Setting.STATE_DB_URL, "", "jdbc:postgresql://state:5432/meta");
        bad(Setting.STATE_DB_URL, "mysql://state/meta", "STATE_DB_URL must be a PostgreSQL JDBC URL starting with"
                + " jdbc:postgresql: (e.g. jdbc:postgresql://mydb.abc123.eu-west-1.rds.amazonaws.com:5432/shop?sslmode=require).");
        bad(Setting.STATE_DB_URL, "jdbc:postgresql://state/meta?password=x", "STATE_DB_URL carries a password=... parameter."
                + " Fix: remove it from the URL and set it in STATE_DB_PASSWORD instead (URLs are logged; passwords never are).");
        good(Setting.STATE_DB_USER, "", "airbyte_sync_state");
        good(Setting.STATE_DB_PASSWORD, "", "pw");
        good(Setting.STATE_DB_SCHEMA, "airbyte_sync", "_x", "sync_meta2");
        bad(Setting.STATE_DB_SCHEMA, "Sync State", "STATE_DB_SCHEMA 'Sync State' is not a plain lower-case PostgreSQL name."
                + " Fix: use letters a-z, digits and _, e.g. airbyte_sync.");
        bad(Setting.STATE_DB_SCHEMA, "a".repeat(64), "STATE_DB_SCHEMA '" + "a".repeat(64) + "' is not a plain lower-case"
                + " PostgreSQL name. Fix: use letters a-z, digits and _, e.g. airbyte_sync.");

        good(Setting.STATE_DB_STATEMENT_TIMEOUT, "10s", "0", "2min", "500ms");
        bad(Setting.STATE_DB_STATEMENT_TIMEOUT, "10 seconds", "STATE_DB_STATEMENT_TIMEOUT '10 seconds' is not a duration"
                + " PostgreSQL understands. Fix: e.g. 5s, 500ms or 1min.");
        good(Setting.STATE_DB_NETWORK_TIMEOUT, "", "35s", "11s", "1h");
        bad(Setting.STATE_DB_NETWORK_TIMEOUT, "10000", "STATE_DB_NETWORK_TIMEOUT '10000' is not longer than"
                + " STATE_DB_STATEMENT_TIMEOUT '10s': a slow statement would lose its session to the network timeout instead of"
                + " being cancelled by PostgreSQL. Fix: e.g. 30s, several seconds longer than STATE_DB_STATEMENT_TIMEOUT, or"
                + " leave it empty (STATE_DB_STATEMENT_TIMEOUT + 25 s).");
        bad(Setting.STATE_DB_NETWORK_TIMEOUT, "0", "STATE_DB_NETWORK_TIMEOUT '0' is not a duration between 1s and 24h."
                + " Fix: e.g. 30s, several seconds longer than STATE_DB_STATEMENT_TIMEOUT, or leave it empty"
                + " (STATE_DB_STATEMENT_TIMEOUT + 25 s).");

        good(Setting.AIRBYTE_API_URL, "http://localhost:8000/api/public/v1", "https://airbyte.example/api/public/v1/");
        bad(Setting.AIRBYTE_API_URL, "localhost:8000/", "AIRBYTE_API_URL 'localhost:8000' is not an http(s) URL. Fix: e.g."
                + " http://localhost:8000/api/public/v1 for an abctl install.");
        good(Setting.AIRBYTE_CLIENT_ID, "");
        bad(Setting.AIRBYTE_CLIENT_ID, "only-the-id", "Only one of AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET is set. Fix:"
                + " set both (abctl local credentials prints them) or neither.");
        good(Setting.AIRBYTE_CLIENT_SECRET, "");
        bad(Setting.AIRBYTE_CLIENT_SECRET, "s3c", "Only one of AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET is set."
                + " Fix: set both (abctl local credentials prints them) or neither.");
        good(Setting.AIRBYTE_POLL_SECONDS, "1", "15", "999999");
        good(Setting.STATS_FLUSH_DELAY_SECONDS, "0", "11", "600");
        bad(Setting.STATS_FLUSH_DELAY_SECONDS, "601", "STATS_FLUSH_DELAY_SECONDS '601' is not a whole number of seconds from 0 to 600."
                + " Fix: e.g. 11 (PostgreSQL's statistics flush delay of 10 s, and a second).");
        bad(Setting.STATS_FLUSH_DELAY_SECONDS, "10s", "STATS_FLUSH_DELAY_SECONDS '10s' is not a whole number of seconds from 0 to 600."
                + " Fix: e.g. 11 (PostgreSQL's statistics flush delay of 10 s, and a second).");
        bad(Setting.AIRBYTE_POLL_SECONDS, "fast", "AIRBYTE_POLL_SECONDS 'fast' is not a whole number of seconds. Fix: e.g. 15.");
        bad(Setting.AIRBYTE_POLL_SECONDS, "0", "AIRBYTE_POLL_SECONDS '0' is not a whole number of seconds. Fix: e.g. 15.");
        good(Setting.AIRBYTE_POLL_FIRST_DELAY_MS, "0", "2000", "3600000");
        bad(Setting.AIRBYTE_POLL_FIRST_DELAY_MS, "2s", "AIRBYTE_POLL_FIRST_DELAY_MS '2s' is not a whole number of"
                + " milliseconds. Fix: e.g. 2000.");
        bad(Setting.AIRBYTE_POLL_FIRST_DELAY_MS, "-1", "AIRBYTE_POLL_FIRST_DELAY_MS '-1' is not a whole number of"
                + " milliseconds. Fix: e.g. 2000.");
        good(Setting.AIRBYTE_JOB_TIMEOUT, "PT12H", "PT90M", "P1D");
        bad(Setting.AIRBYTE_JOB_TIMEOUT, "12h", "AIRBYTE_JOB_TIMEOUT '12h' is not a positive ISO-8601 duration. Fix: e.g."
                + " PT12H (12 hours) or PT90M.");
        bad(Setting.AIRBYTE_JOB_TIMEOUT, "PT0S", "AIRBYTE_JOB_TIMEOUT 'PT0S' is not a positive ISO-8601 duration. Fix: e.g."
                + " PT12H (12 hours) or PT90M.");
        good(Setting.CURSOR_FUTURE_MARGIN, "P1D", "PT6H", "PT1M", "P36500D");
        bad(Setting.CURSOR_FUTURE_MARGIN, "1d", "CURSOR_FUTURE_MARGIN '1d' is not a positive ISO-8601 duration of at most"
                + " 100 years. Fix: e.g. P1D (a day, the default) or PT6H: a cursor this far ahead of the source database's"
                + " clock counts as pinned.");
        bad(Setting.CURSOR_FUTURE_MARGIN, "PT0S", "CURSOR_FUTURE_MARGIN 'PT0S' is not a positive ISO-8601 duration of at most"
                + " 100 years. Fix: e.g. P1D (a day, the default) or PT6H: a cursor this far ahead of the source database's"
                + " clock counts as pinned.");
        bad(Setting.CURSOR_FUTURE_MARGIN, "P36501D", "CURSOR_FUTURE_MARGIN 'P36501D' is not a positive ISO-8601 duration"
                + " of at most 100 years. Fix: e.g. P1D (a day, the default) or PT6H: a cursor this far ahead of the source"
                + " database's clock counts as pinned.");
        good(Setting.AIRBYTE_JOB_LISTING_GRACE_SECONDS, "0", "120", "600");
        bad(Setting.AIRBYTE_JOB_LISTING_GRACE_SECONDS, "2m", "AIRBYTE_JOB_LISTING_GRACE_SECONDS '2m' is not a whole number of"
                + " seconds. Fix: e.g. 120 (longer than the slowest POST /jobs seen, about 81 s).");
        good(Setting.AIRBYTE_CLOCK_SKEW_MS, "1000", "2500", "600000");
        bad(Setting.AIRBYTE_CLOCK_SKEW_MS, "999", "AIRBYTE_CLOCK_SKEW_MS '999' is not a number of milliseconds between 1000 and"
                + " 600000. Fix: e.g. 1000 (the default; Airbyte prints a job's startTime in whole seconds), plus how far"
                + " Airbyte's clock may run behind the state database's.");
        bad(Setting.AIRBYTE_CLOCK_SKEW_MS, "2s", "AIRBYTE_CLOCK_SKEW_MS '2s' is not a number of milliseconds between 1000 and"
                + " 600000. Fix: e.g. 1000 (the default; Airbyte prints a job's startTime in whole seconds), plus how far"
                + " Airbyte's clock may run behind the state database's.");
        good(Setting.AIRBYTE_RETRY_MAX, "0", "5", "999");
        bad(Setting.AIRBYTE_RETRY_MAX, "five", "AIRBYTE_RETRY_MAX 'five' is not a whole number of redeliveries (0 to 999)."
                + " Fix: e.g. 5, or 0 for none.");
        bad(Setting.AIRBYTE_RETRY_MAX, "-1", "AIRBYTE_RETRY_MAX '-1' is not a whole number of redeliveries (0 to 999)."
                + " Fix: e.g. 5, or 0 for none.");
        good(Setting.AIRBYTE_RETRY_DELAY_MS, "0", "20", "1000");
        bad(Setting.AIRBYTE_RETRY_DELAY_MS, "1s", "AIRBYTE_RETRY_DELAY_MS '1s' is not a whole number of milliseconds (at most"
                + " 9999999). Fix: e.g. 1000.");
        good(Setting.AIRBYTE_RETRY_MAX_DELAY_MS, "100", "30000");
        bad(Setting.AIRBYTE_RETRY_MAX_DELAY_MS, "99999999", "AIRBYTE_RETRY_MAX_DELAY_MS '99999999' is not a whole number of"
                + " milliseconds (at most 9999999). Fix: e.g. 30000.");
        good(Setting.AIRBYTE_CONNECTION_CHECK_SECONDS, "300", "3600");
        bad(Setting.AIRBYTE_CONNECTION_CHECK_SECONDS, "5m", "AIRBYTE_CONNECTION_CHECK_SECONDS '5m' is not a whole number of"
                + " seconds. Fix: e.g. 300.");
        bad(Setting.AIRBYTE_CONNECTION_CHECK_SECONDS, "0", "AIRBYTE_CONNECTION_CHECK_SECONDS '0' is not a whole number of"
                + " seconds. Fix: e.g. 300.");

        good(Setting.MANAGEMENT_HOST, "127.0.0.1", "0.0.0.0", "localhost", "::1");
        bad(Setting.MANAGEMENT_HOST, "http://0.0.0.0", "MANAGEMENT_HOST 'http://0.0.0.0' is not an IP address or host name."
                + " Fix: 127.0.0.1 (the default: this host only), or 0.0.0.0 behind a security group that lets in your Prometheus alone.");
        bad(Setting.MANAGEMENT_HOST, "", "MANAGEMENT_HOST '' is not an IP address or host name. Fix: 127.0.0.1 (the default:"
                + " this host only), or 0.0.0.0 behind a security group that lets in your Prometheus alone.");
        good(Setting.MANAGEMENT_PORT, "0");
        bad(Setting.MANAGEMENT_PORT, "http", "MANAGEMENT_PORT 'http' is not a TCP port. Fix: e.g. 8081 (0: any free port).");
        bad(Setting.MANAGEMENT_PORT, "65536", "MANAGEMENT_PORT '65536' is not a TCP port. Fix: e.g. 8081 (0: any free port).");
        good(Setting.HEALTH_CHECK_SECONDS, "1", "30");
        bad(Setting.HEALTH_CHECK_SECONDS, "often", "HEALTH_CHECK_SECONDS 'often' is not a whole number of seconds. Fix: e.g. 30.");
        good(Setting.AIRBYTE_UI_URL, "http://localhost:8000", "https://airbyte.example/");
        bad(Setting.AIRBYTE_UI_URL, "airbyte.local", "AIRBYTE_UI_URL 'airbyte.local' is not an http(s) URL. Fix: e.g."
                + " http://localhost:8000 (what abctl prints), or the address you open Airbyte at through your SSH tunnel.");
        good(Setting.SOURCE_PROBES_AT_ONCE, "1", "2", "200");
        bad(Setting.SOURCE_PROBES_AT_ONCE, "0", "SOURCE_PROBES_AT_ONCE '0' is not a whole number from 1 to 200. Fix: set e.g. 2"
                + " (the default) or 4.");
        bad(Setting.SOURCE_PROBES_AT_ONCE, "", "SOURCE_PROBES_AT_ONCE '' is not a whole number from 1 to 200. Fix: set e.g. 2 (the default)"
                + " or 4.");
        good(Setting.QUARTZ_THREADS, "", "1", "20", "200");
        bad(Setting.QUARTZ_THREADS, "0", "QUARTZ_THREADS '0' is not a whole number from 1 to 200. Fix: leave it empty (counted"
                + " from the blocks' schedules) or set e.g. 20.");
        bad(Setting.QUARTZ_THREADS, "auto", "QUARTZ_THREADS 'auto' is not a whole number from 1 to 200. Fix: leave it empty"
                + " (counted from the blocks' schedules) or set e.g. 20.");
        bad(Setting.QUARTZ_THREADS, "201", "QUARTZ_THREADS '201' is not a whole number from 1 to 200. Fix: leave it empty"
                + " (counted from the blocks' schedules) or set e.g. 20.");
        good(Setting.MAX_CONCURRENT_SYNCS, "", "1", "3", "1000");
        for (String v : new String[] {"0", "-1", "1001", "unlimited", "2.5"}) {
            bad(Setting.MAX_CONCURRENT_SYNCS, v, "MAX_CONCURRENT_SYNCS '" + v + "' is not a whole number from 1 to 1000. Fix:"
                    + " leave it empty (no cap) or set e.g. 3 (at most 3 of our syncs running in Airbyte at once).");
        }
        bad(Setting.CHANGE_SIGNAL, "cdc", "CHANGE_SIGNAL 'cdc' is not a setting for every block: a CDC block names its own"
                + " replication slot. Fix: leave CHANGE_SIGNAL as it was, and give each CDC block 'changeSignal: cdc' with its"
                + " 'slot' and 'publication' (docs/change-signals.md).");
        good(Setting.CDC_WAL_LIMIT, "1GB", "500MB", "2tb", "1048576", "64 MB");
        for (String v : new String[] {"", "1kB", "1.5GB", "lots", "-1GB", "1PB"}) {
            bad(Setting.CDC_WAL_LIMIT, v, "CDC_WAL_LIMIT '" + v + "' is not a size of WAL of at least 1MB. Fix: write it as a"
                    + " whole number with a unit, e.g. 1GB, 500MB or 2TB (a number alone is bytes).");
        }
        good(Setting.SYNC_JOB_RETENTION_DAYS, "1", "90", "99999");
        bad(Setting.SYNC_JOB_RETENTION_DAYS, "90d", "SYNC_JOB_RETENTION_DAYS '90d' is not a whole number of days from 1 to"
                + " 99999. Fix: e.g. 90 (the default); a larger number keeps a longer job history.");
        bad(Setting.SYNC_JOB_RETENTION_DAYS, "0", "SYNC_JOB_RETENTION_DAYS '0' is not a whole number of days from 1 to"
                + " 99999. Fix: e.g. 90 (the default); a larger number keeps a longer job history.");
        good(Setting.CONNECTIONS_RELOAD_SECONDS, "0", "2", "3600");
        bad(Setting.CONNECTIONS_RELOAD_SECONDS, "2s", "CONNECTIONS_RELOAD_SECONDS '2s' is not a whole number of seconds from 0"
                + " to 3600. Fix: e.g. 2 (the default), or 0 to apply a change of the connection YAML only at a restart.");
        bad(Setting.CONNECTIONS_RELOAD_SECONDS, "3601", "CONNECTIONS_RELOAD_SECONDS '3601' is not a whole number of seconds from 0"
                + " to 3600. Fix: e.g. 2 (the default), or 0 to apply a change of the connection YAML only at a restart.");
        good(Setting.STATUS_JOBS, "1", "5", "9999");
        bad(Setting.STATUS_JOBS, "all", "STATUS_JOBS 'all' is not a positive whole number. Fix: e.g. 5.");

        good(Setting.ALERT_WEBHOOK_URL, "", "https://hooks.slack.com/services/T0/B0/xyz");
        bad(Setting.ALERT_WEBHOOK_URL, "hooks.slack.com/services/x", "ALERT_WEBHOOK_URL is not an http(s) URL. Fix: paste the"
                + " whole incoming-webhook URL (https://hooks.slack.com/services/...), or leave it empty to only log alerts.");
        good(Setting.ALERT_AFTER_FAILURES, "1", "3");
        bad(Setting.ALERT_AFTER_FAILURES, "0", "ALERT_AFTER_FAILURES '0' is not a positive whole number. Fix: e.g. 3.");
        good(Setting.ALERT_RETRY_MAX, "0", "4");
        bad(Setting.ALERT_RETRY_MAX, "4.5", "ALERT_RETRY_MAX '4.5' is not a whole number of redeliveries (0 to 999). Fix:"
                + " e.g. 4, or 0 for none.");
        good(Setting.ALERT_RETRY_DELAY_MS, "0", "2000");
        bad(Setting.ALERT_RETRY_DELAY_MS, "2 s", "ALERT_RETRY_DELAY_MS '2 s' is not a whole number of milliseconds (at most"
                + " 9999999). Fix: e.g. 2000.");
        good(Setting.EVENTS_WEBHOOK_URL, "", "https://events.example.com/hooks/airbyte?token=x", "http://127.0.0.1:9000/e");
        bad(Setting.EVENTS_WEBHOOK_URL, "events.example.com/hooks", "EVENTS_WEBHOOK_URL is not an http(s) URL. Fix: the whole"
                + " URL of the receiver (https://events.example.com/hooks/airbyte), or leave it empty for no events.");

        good(Setting.CLUSTER_ENABLED, "true", "false");
        bad(Setting.CLUSTER_ENABLED, "yes", "CLUSTER_ENABLED 'yes' is not true or false. Fix: true to run several instances"
                + " against one state database (clustered Quartz), false (the default) for one instance.");
        good(Setting.CLUSTER_CHECKIN_MS, "1000", "5000", "600000");
        bad(Setting.CLUSTER_CHECKIN_MS, "200", "CLUSTER_CHECKIN_MS '200' is not a number of milliseconds between 1000 and"
                + " 600000. Fix: e.g. 5000 (the default): a node silent for that long is taken over by the others.");
        bad(Setting.CLUSTER_CHECKIN_MS, "600001", "CLUSTER_CHECKIN_MS '600001' is not a number of milliseconds between 1000"
                + " and 600000. Fix: e.g. 5000 (the default): a node silent for that long is taken over by the others.");
        good(Setting.NODE_ID, "", "sync-1", "host.example_2");
        bad(Setting.NODE_ID, "node a; drop", "NODE_ID 'node a; drop' is not a plain name (it defaults to the host name). Fix:"
                + " set NODE_ID to letters, digits, '.', '_' or '-', at most 63 characters, different on every instance, e.g. sync-1.");

        good(Setting.CAMEL_MAIN_ROUTESINCLUDEPATTERN, "classpath:routes/*.yaml", "classpath:routes/**",
                "classpath:demo/connections.yaml", "file:pom.xml", "file:src/main/resources/routes/*.yaml", "file:*.yaml",
                "file:pom.xml, classpath:routes/*.yaml", "");
        bad(Setting.CAMEL_MAIN_ROUTESINCLUDEPATTERN, "/etc/pg-airbyte-sync/connections.yaml", "CAMEL_MAIN_ROUTESINCLUDEPATTERN"
                + " entry '/etc/pg-airbyte-sync/connections.yaml' has no scheme, so Camel looks for it inside the jar. Fix: write"
                + " file:/etc/pg-airbyte-sync/connections.yaml for a file on this host.");
        bad(Setting.CAMEL_MAIN_ROUTESINCLUDEPATTERN, "classpath:routes/*.yaml,file:/nonexistent/connections.yaml",
                "CAMEL_MAIN_ROUTESINCLUDEPATTERN names file:/nonexistent/connections.yaml, which is not a file. Fix: write the"
                        + " connection file there (start from examples/connections.yaml), or correct the path.");
        bad(Setting.CAMEL_MAIN_ROUTESINCLUDEPATTERN, "file:/nonexistent/*.yaml", "CAMEL_MAIN_ROUTESINCLUDEPATTERN names"
                + " file:/nonexistent/*.yaml, but the directory /nonexistent does not exist. Fix: create it with the connection"
                + " files, or correct the path.");
        good(Setting.DECISIONS_LOG_LEVEL, "INFO", "debug", "WARN");
        bad(Setting.DECISIONS_LOG_LEVEL, "VERBOSE", "DECISIONS_LOG_LEVEL 'VERBOSE' is not a log level. Fix: INFO (the default),"
                + " DEBUG (also each decision before its job is asked for) or WARN (only problems).");
        good(Setting.DOCTOR_MODE, "false", "true");
        bad(Setting.DOCTOR_MODE, "on", "DOCTOR_MODE 'on' is not true or false. Fix: leave it unset; run the jar with --doctor to"
                + " check the configuration.");
    }

    /**
     * What start-up checks, in its order: Settings, then ObserveSettings (port 0: nothing is bound). The secrets
     * given are forgotten afterwards, so they mask nothing in the logs of the tests that run after this one.
     */
    private static void startUp(Map<String, String> given) {
        Map<String, String> all = new HashMap<>();
        all.put("source.db.url", SOURCE);
        all.put("management.port", "0");
        all.putAll(given);
        try {
            Settings.of(all::get);
            ObserveSettings.of(all::get);
        } finally {
            given.forEach((name, value) -> Setting.byName(name).filter(Setting::secret).ifPresent(s -> SecretMasker.forget(value)));
        }
    }

    @Test
    void everySettingIsCheckedAtStartUpOnce() {
        List<Setting> checked = new ArrayList<>(Settings.OWN);
        checked.addAll(ObserveSettings.OWN);
        assertThat(checked).doesNotHaveDuplicates().containsExactlyInAnyOrder(Setting.values());
    }

    @Test
    void everySettingHasGoodValuesAndEveryCheckedOneABadValueWithItsFix() {
        Map<Setting, Integer> good = new EnumMap<>(Setting.class);
        Map<Setting, Integer> bad = new EnumMap<>(Setting.class);
        for (Case c : CASES) {
            (c.message() == null ? good : bad).merge(c.setting(), 1, Integer::sum);
            if (c.message() != null) {
                assertThat(c.message()).as(c.toString()).contains(c.setting().env());
                if (NEWLY_CHECKED.contains(c.setting())) {
                    assertThat(c.message()).as(c.toString()).contains("Fix:");
                }
            }
        }
        assertThat(good.keySet()).containsExactlyInAnyOrder(Setting.values());
        // settings that take any text: user names and passwords (whatever PostgreSQL accepts)
        Set<Setting> anyText = Set.of(Setting.SOURCE_DB_USER, Setting.SOURCE_DB_PASSWORD, Setting.STATE_DB_USER,
                Setting.STATE_DB_PASSWORD);
        for (Setting s : Setting.values()) {
            if (!anyText.contains(s)) {
                assertThat(bad).as(s + " has a bad value").containsKey(s);
            }
        }
    }

    @Test
    void theMessageOfTickOnStartIsKeptAsItWasWithoutAFix() {
        // the one message given before without "Fix:", kept word for word (tests and runbooks may match it)
        assertThatThrownBy(() -> startUp(Map.of("tick.on.start", "maybe"))).hasMessage("TICK_ON_START 'maybe' is not true or false.");
    }

    @Test
    void goodValuesPass() {
        SoftAssertions soft = new SoftAssertions();
        for (Case c : CASES) {
            if (c.message() == null) {
                Map<String, String> given = new HashMap<>();
                given.put(c.setting().propertyName(), c.value());
                if (c.setting() == Setting.AIRBYTE_CLIENT_ID || c.setting() == Setting.AIRBYTE_CLIENT_SECRET) {
                    given.put(Setting.AIRBYTE_CLIENT_ID.propertyName(), c.value());
                    given.put(Setting.AIRBYTE_CLIENT_SECRET.propertyName(), c.value());
                }
                soft.assertThatCode(() -> startUp(given)).as(c.setting() + " = " + c.value()).doesNotThrowAnyException();
            }
        }
        soft.assertAll();
    }

    @Test
    void badValuesStopStartUpWithTheVariableAndTheFix() {
        SoftAssertions soft = new SoftAssertions();
        for (Case c : CASES) {
            if (c.message() != null) {
                soft.assertThatThrownBy(() -> startUp(Map.of(c.setting().propertyName(), c.value()))).as(c.setting() + " = " + c.value())
                        .isInstanceOf(ConfigurationError.class).hasMessage(c.message());
            }
        }
        soft.assertAll();
    }

    @Test
    void theDefaultsPassAndGiveTheRecordsTheirValues() {
        Settings s = Settings.of(Map.of("source.db.url", SOURCE, "source.db.user", "probe", "source.db.password", "pw")::get);
        assertThat(s.stateUrl()).isEqualTo(SOURCE);
        assertThat(s.stateUser()).isEqualTo("probe");
        assertThat(s.statePassword()).isEqualTo("pw");
        assertThat(s.stateSchema()).isEqualTo("airbyte_sync");
        assertThat(s.sourceStatementTimeout()).isEqualTo("5s");
        assertThat(s.sourceNetworkTimeout()).as("SOURCE_DB_STATEMENT_TIMEOUT + 25 s").isEqualTo(Duration.ofSeconds(30));
        assertThat(s.stateStatementTimeout()).isEqualTo("10s");
        assertThat(s.stateNetworkTimeout()).as("STATE_DB_STATEMENT_TIMEOUT + 25 s").isEqualTo(Duration.ofSeconds(35));
        assertThat(s.airbyteApiUrl()).isEqualTo("http://localhost:8000/api/public/v1");
        assertThat(s.changeSignal()).isEqualTo(io.pgairbytesync.probe.ChangeSignal.CURSOR);
        assertThat(s.tickOnStart()).isTrue();
        assertThat(s.jobTimeout()).isEqualTo(Duration.ofHours(12));
        assertThat(s.cursorFutureMargin()).isEqualTo(Duration.ofDays(1));
        assertThat(s.clusterEnabled()).isFalse();
        assertThat(s.clusterCheckinMs()).isEqualTo(5000);
        assertThat(s.nodeId()).isEqualTo(Settings.hostName());
        ObserveSettings o = ObserveSettings.of(Map.of("management.port", "0")::get);
        assertThat(o).isEqualTo(new ObserveSettings("http://localhost:8000", "", 3, 5, Duration.ofSeconds(30), ""));
    }

    @Test
    void aNetworkTimeoutLeftEmptyStaysAboveItsStatementTimeoutAndAGivenOneIsRoundedUpToWholeSeconds() {
        Settings derived = Settings.of(Map.of("source.db.url", SOURCE, "source.db.statement.timeout", "2h",
                "state.db.statement.timeout", "1500ms")::get);
        assertThat(derived.sourceNetworkTimeout()).isEqualTo(Duration.ofHours(2).plusSeconds(25));
        assertThat(derived.stateNetworkTimeout()).as("26.5 s rounded up").isEqualTo(Duration.ofSeconds(27));
        Settings given = Settings.of(Map.of("source.db.url", SOURCE, "source.db.network.timeout", "5500",
                "state.db.statement.timeout", "0", "state.db.network.timeout", "1 min")::get);
        assertThat(given.sourceNetworkTimeout()).as("5.5 s rounded up").isEqualTo(Duration.ofSeconds(6));
        assertThat(given.stateNetworkTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void valuesAreTrimmedAndTheStateDatabaseHasItsOwnCredentialsWhenItHasItsOwnUrl() {
        Settings s = Settings.of(Map.of("source.db.url", " " + SOURCE + " ", "state.db.url", "jdbc:postgresql://state/meta",
                "state.db.user", "st", "state.db.password", "stpw", "airbyte.api.url", "http://a:8000/api/public/v1//",
                "change.signal", "cursor+stats", "source.db.lock.timeout", "2 s", "node.id", "sync-1")::get);
        assertThat(s.sourceUrl()).isEqualTo(SOURCE);
        assertThat(s.stateUrl()).isEqualTo("jdbc:postgresql://state/meta");
        assertThat(s.stateUser()).isEqualTo("st");
        assertThat(s.statePassword()).isEqualTo("stpw");
        assertThat(s.airbyteApiUrl()).isEqualTo("http://a:8000/api/public/v1");
        assertThat(s.changeSignal()).isEqualTo(io.pgairbytesync.probe.ChangeSignal.CURSOR_AND_STATS);
        assertThat(s.sourceLockTimeout()).isEqualTo("2s");
        assertThat(s.nodeId()).isEqualTo("sync-1");
    }

    @Test
    void secretsAreMaskedOnceRead() {
        String secret = "pw-" + Long.toHexString(System.nanoTime());
        String webhook = "https://hooks.example/services/" + Long.toHexString(System.nanoTime());
        try {
            Map<String, String> all = Map.of("source.db.url", SOURCE, "management.port", "0", "state.db.password", secret,
                    "alert.webhook.url", webhook);
            Settings.of(all::get);
            ObserveSettings.of(all::get);
            assertThat(SecretMasker.mask("a " + secret + " b " + webhook)).doesNotContain(secret).doesNotContain(webhook);
            assertThat(Setting.STATE_DB_PASSWORD.secret()).isTrue();
            assertThat(Setting.values()).filteredOn(Setting::secret).containsExactlyInAnyOrder(Setting.SOURCE_DB_PASSWORD,
                    Setting.STATE_DB_PASSWORD, Setting.AIRBYTE_CLIENT_SECRET, Setting.ALERT_WEBHOOK_URL,
                    Setting.EVENTS_WEBHOOK_URL);
        } finally {
            SecretMasker.forget(secret);
            SecretMasker.forget(webhook);
        }
    }

    @Test
    void eachVariableIsItsKeyInUpperCaseWithDotsAsUnderscoresAsCamelLooksItUp() {
        for (Setting s : Setting.values()) {
            assertThat(s.env()).isEqualTo(s.name());
            s.key().ifPresent(k -> assertThat(k.toUpperCase(Locale.ROOT).replace('.', '_')).isEqualTo(s.env()));
            assertThat(Setting.byName(s.env())).contains(s);
            assertThat(Setting.byName(s.propertyName())).contains(s);
            assertThat(s.description()).as(s + " description").isNotBlank().endsWith(".");
        }
        assertThat(Setting.DECISIONS_LOG_LEVEL.key()).isEmpty();
    }
}
