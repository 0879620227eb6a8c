package io.pgairbytesync.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import io.pgairbytesync.logging.SecretMasker;

/**
 * Every setting of the service, declared once: its key, its environment variable, its default, what it means, what
 * it accepts, whether it is a secret (never printed) and whether it is common (in the README's short table).
 * <p>
 * The defaults reach Camel through {@link SettingDefaults}, a source of Camel's properties component that Camel finds
 * by itself in every Camel context and asks last: an environment variable
 * ({@code source.db.url} <- {@code SOURCE_DB_URL}) wins, then a JVM system property, then the values a caller
 * gives ({@code --demo}, {@code --doctor}, tests), then {@code application.properties} (Camel's own keys only),
 * then the default declared here. The checks run at start-up ({@link Settings#from}, {@link
 * io.pgairbytesync.observe.ObserveSettings#from}); docs/configuration.md, the README's short table and
 * deploy/pg-airbyte-sync.env.example are generated from this declaration ({@link SettingDocs}).
 */
public enum Setting {

    // ------------------------------------------------------------------ the PostgreSQL being watched
    SOURCE_DB_URL(Section.SOURCE, "source.db.url", "", "required", Flag.COMMON,
            "JDBC URL of the PostgreSQL being watched, e.g. `jdbc:postgresql://host:5432/db`; add `?sslmode=require`"
                    + " for RDS. Never put the password in it (URLs are logged).",
            "`jdbc:postgresql:` URL without `password=`",
            (v, all) -> {
                if (v.isEmpty()) {
                    throw new ConfigurationError("SOURCE_DB_URL is not set. Fix: export SOURCE_DB_URL=jdbc:postgresql://<host>:5432/<database>"
                            + " (and SOURCE_DB_USER, SOURCE_DB_PASSWORD), or try the service with --demo.");
                }
                Checks.jdbcUrl("SOURCE_DB_URL", v);
            }),
    SOURCE_DB_USER(Section.SOURCE, "source.db.user", "", null, Flag.COMMON,
            "User of the probe sessions: it needs `SELECT` on the watched tables and nothing else (see"
                    + " [least privilege](deploy-ec2.md#least-privilege)).",
            "any", Checks.ANY),
    SOURCE_DB_PASSWORD(Section.SOURCE, "source.db.password", "", null, Flag.COMMON_SECRET,
            "Password of `SOURCE_DB_USER`.", "any", Checks.ANY),
    SOURCE_DB_STATEMENT_TIMEOUT(Section.SOURCE, "source.db.statement.timeout", "5s", null, Flag.NONE,
            "How long one probe may run before PostgreSQL cancels it. Probes run in READ ONLY sessions; a probe that"
                    + " gives up fails only its connection's tick.",
            "PostgreSQL duration: `500ms`, `5s`, `1min`, `1h` (no unit: ms)",
            (v, all) -> Checks.interval("SOURCE_DB_STATEMENT_TIMEOUT", v)),
    SOURCE_DB_LOCK_TIMEOUT(Section.SOURCE, "source.db.lock.timeout", "5s", null, Flag.NONE,
            "How long a probe waits for a lock (behind an `ALTER TABLE`, say) before it gives up.",
            "PostgreSQL duration: `500ms`, `5s`, `1min`, `1h` (no unit: ms)",
            (v, all) -> Checks.interval("SOURCE_DB_LOCK_TIMEOUT", v)),
    SOURCE_DB_NETWORK_TIMEOUT(Section.SOURCE, "source.db.network.timeout", "",
            "`SOURCE_DB_STATEMENT_TIMEOUT` + 25 s (30 s)", Flag.NONE,
            "How long the service waits on the source database's network before it gives up on a call: opening a session"
                    + " (TCP connect and login), each answer of a statement, the check of a pooled session before use, and"
                    + " the wait for a free pooled session. It ends the calls PostgreSQL cannot end itself: a failover (RDS"
                    + " Multi-AZ) or a network path that drops packets leaves a session waiting for an answer that never"
                    + " comes, about 15 minutes until the kernel gives up. The session is then closed and the tick fails"
                    + " (an alert after `ALERT_AFTER_FAILURES`); the next tick opens a new one. It must be longer than"
                    + " `SOURCE_DB_STATEMENT_TIMEOUT`, so that a slow probe is still cancelled by PostgreSQL (a clean error,"
                    + " the session kept) before the network timeout closes its session; rounded up to whole seconds.",
            "empty, or a PostgreSQL duration of at least `1s` and at most `24h` (`30s`, `1min`; no unit: ms), longer than"
                    + " `SOURCE_DB_STATEMENT_TIMEOUT`",
            (v, all) -> Checks.networkTimeout("SOURCE_DB_NETWORK_TIMEOUT", v, "SOURCE_DB_STATEMENT_TIMEOUT",
                    SOURCE_DB_STATEMENT_TIMEOUT.read(all))),
    CHANGE_SIGNAL(Section.SOURCE, "change.signal", "cursor", null, Flag.COMMON,
            "What counts as a change, for the blocks without a `changeSignal` parameter. `cursor`: a new `max(cursor)`."
                    + " `cursor+stats`: also a change of `n_tup_ins + n_tup_upd + n_tup_del` in `pg_stat_user_tables`, which"
                    + " sees deletes that do not move the max (a counter that went down after a stats reset counts as a"
                    + " change). `stats`: the write counters alone (no table has a cursor column). A table written"
                    + " `table:-` is watched by the stats signal whatever this says. See docs/change-signals.md.",
            "`cursor`, `cursor+stats` or `stats`",
            (v, all) -> {
                try {
                    if (io.pgairbytesync.probe.ChangeSignal.parse(v) == io.pgairbytesync.probe.ChangeSignal.CDC) {
                        throw new ConfigurationError("CHANGE_SIGNAL 'cdc' is not a setting for every block: a CDC block names"
                                + " its own replication slot. Fix: leave CHANGE_SIGNAL as it was, and give each CDC block"
                                + " 'changeSignal: cdc' with its 'slot' and 'publication' (docs/change-signals.md).");
                    }
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationError("CHANGE_SIGNAL '" + v + "' is not known. Fix: use cursor (max of the cursor"
                            + " column, the default), cursor+stats (also the write counters of pg_stat_user_tables, which see"
                            + " deletes) or stats (the write counters alone).");
                }
            }),
    STATS_FLUSH_DELAY_SECONDS(Section.SOURCE, "stats.flush.delay.seconds", "11", null, Flag.NONE,
            "The stats signal: how long after a sync is posted its write counters are read again as the synced"
                    + " baseline. PostgreSQL flushes a connected session's `n_tup_*` counters up to 10 s after its commit,"
                    + " so the counters read when the job was posted can miss writes the job syncs anyway; until this read"
                    + " a counter difference of the job's tables is not a change (their cursor still is). A read more than"
                    + " 5 s late (the service was down) is not taken: one more sync instead of a missed change. 0: no"
                    + " second read (each late flush syncs again). See docs/change-signals.md.",
            "whole seconds, 0 to 600",
            (v, all) -> {
                if (!v.matches("[0-9]{1,3}") || Integer.parseInt(v) > 600) {
                    throw new ConfigurationError("STATS_FLUSH_DELAY_SECONDS '" + v + "' is not a whole number of seconds from"
                            + " 0 to 600. Fix: e.g. 11 (PostgreSQL's statistics flush delay of 10 s, and a second).");
                }
            }),
    TICK_ON_START(Section.SOURCE, "tick.on.start", "true", null, Flag.NONE,
            "Tick every connection once right after start-up: every block is checked against the live source at once,"
                    + " and changes made while the service was down are synced without waiting for the schedule.",
            "`true` or `false`",
            (v, all) -> Checks.trueOrFalse("TICK_ON_START", v, "")),
    CURSOR_FUTURE_MARGIN(Section.SOURCE, "cursor.future.margin", "P1D", null, Flag.NONE,
            "A timestamp or date cursor whose max is more than this ahead of the source database's clock (`now()`) is"
                    + " *pinned*: one such row (a typo, a far-future placeholder) keeps `max(cursor)` from moving, so no"
                    + " later change would be seen. So is a max at `infinity` or numeric `NaN`/`Infinity`, whatever this"
                    + " says. A pinned table is alerted once (and the recovery once) and watched by the stats signal (its"
                    + " write counters) while it lasts; see [change signals](change-signals.md#coarse-and-pinned-cursors).",
            "positive ISO-8601 duration of at most 100 years: `P1D`, `PT6H`",
            (v, all) -> Checks.cursorFutureMargin(v)),
    CDC_WAL_LIMIT(Section.SOURCE, "cdc.wal.limit", "1GB", null, Flag.NONE,
            "CDC blocks (`slot` and `publication`): the WAL a block's replication slot may hold back"
                    + " (`pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)`) before the WAL guard starts a sync of its"
                    + " connection, which moves the slot on, even when its tables did not change; above it still after that"
                    + " sync succeeded: one alert. A block's own `walLimit` overrides it.",
            "a size of at least `1MB`: `1GB`, `500MB` (a number alone is bytes)",
            (v, all) -> io.pgairbytesync.cdc.WalSize.parse("CDC_WAL_LIMIT", v)),
    QUARTZ_THREADS(Section.SOURCE, "quartz.threads", "",
            "from the blocks' schedules: the most blocks due in one second + 2, at least 4, at most 50", Flag.NONE,
            "How many ticks can run at once: the Quartz threads (a tick holds one from its start to its end) and the figure"
                    + " the pools are sized from. Empty: counted from the connection blocks at start-up, enough for every"
                    + " block that can be due in the busiest second of the minute plus 2 for ticks still running from the"
                    + " second before (the start-up log says the count and warns when more blocks share a second than that)."
                    + " A slot that waits more than 5 s for a thread is skipped. Set it only to bound or raise that count.",
            "empty, or a whole number from 1 to 200",
            (v, all) -> {
                if (!v.isEmpty() && (!v.matches("[0-9]{1,3}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > 200)) {
                    throw new ConfigurationError("QUARTZ_THREADS '" + v + "' is not a whole number from 1 to 200. Fix: leave it"
                            + " empty (counted from the blocks' schedules) or set e.g. 20.");
                }
            }),

    SOURCE_PROBES_AT_ONCE(Section.SOURCE, "source.probes.at.once", "2", null, Flag.NONE,
            "How many probe statements run on the source database at the same time: the probe lanes, each one session"
                    + " that holds the prepared probes of its blocks (the blocks in routeId order, dealt over the lanes)."
                    + " Blocks due in the same moment beyond that take turns in the service, a few milliseconds each, instead"
                    + " of competing for the source's CPU (ten probes at once on a 2-core source took 2.5 times their CPU"
                    + " time each: docs/performance.md). Capped by the ticks that can run at once (`QUARTZ_THREADS`). Raise"
                    + " it for a source with many cores and many blocks due in the same second; one slow probe (an"
                    + " unindexed cursor on a big table) delays the other blocks of its lane.",
            "a whole number from 1 to 200",
            (v, all) -> {
                if (!v.matches("[0-9]{1,3}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > 200) {
                    throw new ConfigurationError("SOURCE_PROBES_AT_ONCE '" + v + "' is not a whole number from 1 to 200."
                            + " Fix: set e.g. 2 (the default) or 4.");
                }
            }),

    // ------------------------------------------------------------------ the sync state
    STATE_DB_URL(Section.STATE, "state.db.url", "", "the source database", Flag.COMMON,
            "JDBC URL of the PostgreSQL that holds the sync state. Empty: the source database, with `SOURCE_DB_USER`"
                    + " and `SOURCE_DB_PASSWORD` (then `STATE_DB_USER` and `STATE_DB_PASSWORD` are not used).",
            "empty, or a `jdbc:postgresql:` URL without `password=`",
            (v, all) -> {
                if (!v.isEmpty()) {
                    Checks.jdbcUrl("STATE_DB_URL", v);
                }
            }),
    STATE_DB_USER(Section.STATE, "state.db.user", "", null, Flag.NONE,
            "User for `STATE_DB_URL`; it needs a schema of its own (see [least privilege](deploy-ec2.md#least-privilege))."
                    + " Not used when `STATE_DB_URL` is empty.",
            "any", Checks.ANY),
    STATE_DB_PASSWORD(Section.STATE, "state.db.password", "", null, Flag.SECRET,
            "Password of `STATE_DB_USER`; not used when `STATE_DB_URL` is empty.", "any", Checks.ANY),
    STATE_DB_SCHEMA(Section.STATE, "state.db.schema", "airbyte_sync", null, Flag.NONE,
            "Schema of the state tables, created at start-up (with `CLUSTER_ENABLED=true` also Quartz's tables `qrtz_*`).",
            "lower-case PostgreSQL name: `a-z`, `0-9`, `_`, at most 63 characters",
            (v, all) -> {
                if (!Checks.SCHEMA.matcher(v).matches()) {
                    throw new ConfigurationError("STATE_DB_SCHEMA '" + v + "' is not a plain lower-case PostgreSQL name."
                            + " Fix: use letters a-z, digits and _, e.g. airbyte_sync.");
                }
            }),
    STATE_DB_STATEMENT_TIMEOUT(Section.STATE, "state.db.statement.timeout", "10s", null, Flag.NONE,
            "How long one statement on the state database may run (or wait for a lock) before PostgreSQL cancels it. The"
                    + " state statements are small: one that gives up fails its tick (or job check), and the next one tries"
                    + " again. `0`: no limit. Not applied to the migrations at start-up, which may take long on a big table.",
            "PostgreSQL duration: `500ms`, `5s`, `1min`, `1h` (no unit: ms)",
            (v, all) -> Checks.interval("STATE_DB_STATEMENT_TIMEOUT", v)),
    STATE_DB_NETWORK_TIMEOUT(Section.STATE, "state.db.network.timeout", "",
            "`STATE_DB_STATEMENT_TIMEOUT` + 25 s (35 s)", Flag.NONE,
            "`SOURCE_DB_NETWORK_TIMEOUT` for the state database: how long a call to it (connect and login, each answer,"
                    + " the check of a pooled session, the wait for a free one; the clustered schedule's sessions too) waits"
                    + " on the network before it gives up and closes its session. It must be longer than"
                    + " `STATE_DB_STATEMENT_TIMEOUT`; rounded up to whole seconds. A session left this long in an open"
                    + " transaction (its client gone in the middle, e.g. the clustered schedule's lock holder) is ended by"
                    + " PostgreSQL, which releases its locks. The migrations at start-up wait only for connect and login"
                    + " this long.",
            "empty, or a PostgreSQL duration of at least `1s` and at most `24h` (`30s`, `1min`; no unit: ms), longer than"
                    + " `STATE_DB_STATEMENT_TIMEOUT`",
            (v, all) -> Checks.networkTimeout("STATE_DB_NETWORK_TIMEOUT", v, "STATE_DB_STATEMENT_TIMEOUT",
                    STATE_DB_STATEMENT_TIMEOUT.read(all))),

    SYNC_JOB_RETENTION_DAYS(Section.STATE, "sync.job.retention.days", "90", null, Flag.NONE,
            "How long a finished job stays in `sync_job` (the job history `/status` shows). Every hour the jobs that"
                    + " finished longer ago are deleted, at most 1,000 rows per statement; a job still open, and the job a"
                    + " table's state points at (its pending job, or the job that last synced it), are kept whatever their age.",
            "whole days, 1 to 99999",
            (v, all) -> {
                if (!v.matches("[1-9][0-9]{0,4}")) {
                    throw new ConfigurationError("SYNC_JOB_RETENTION_DAYS '" + v + "' is not a whole number of days from 1 to"
                            + " 99999. Fix: e.g. 90 (the default); a larger number keeps a longer job history.");
                }
            }),

    // ------------------------------------------------------------------ Airbyte
    AIRBYTE_API_URL(Section.AIRBYTE, "airbyte.api.url", "http://localhost:8000/api/public/v1", null, Flag.COMMON,
            "Base URL of Airbyte's public API (an `abctl` install on this host serves it at the default).",
            "`http://` or `https://` URL",
            (v, all) -> {
                String url = v.replaceAll("/+$", "");
                if (!url.startsWith("http://") && !url.startsWith("https://")) {
                    throw new ConfigurationError("AIRBYTE_API_URL '" + url + "' is not an http(s) URL. Fix: e.g."
                            + " http://localhost:8000/api/public/v1 for an abctl install.");
                }
            }),
    AIRBYTE_CLIENT_ID(Section.AIRBYTE, "airbyte.client.id", "", "unset (no auth header)", Flag.COMMON,
            "With `AIRBYTE_CLIENT_SECRET`: the service asks `POST /applications/token` for a bearer token and renews it"
                    + " before it expires (`abctl local credentials` prints both). Both empty: no auth header.",
            "any; set with `AIRBYTE_CLIENT_SECRET` or not at all", Checks.ANY),
    AIRBYTE_CLIENT_SECRET(Section.AIRBYTE, "airbyte.client.secret", "", "unset (no auth header)", Flag.COMMON_SECRET,
            "The secret that goes with `AIRBYTE_CLIENT_ID`.",
            "any; set with `AIRBYTE_CLIENT_ID` or not at all",
            (v, all) -> {
                if (AIRBYTE_CLIENT_ID.read(all).isEmpty() != v.isEmpty()) {
                    throw new ConfigurationError("Only one of AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET is set. Fix: set both"
                            + " (abctl local credentials prints them) or neither.");
                }
            }),
    AIRBYTE_POLL_SECONDS(Section.AIRBYTE, "airbyte.poll.seconds", "15", null, Flag.NONE,
            "How often the jobs in flight are checked (`GET /jobs/{id}`).",
            "whole seconds, 1 to 999999",
            (v, all) -> {
                if (!v.matches("[1-9][0-9]{0,5}")) {
                    throw new ConfigurationError("AIRBYTE_POLL_SECONDS '" + v + "' is not a whole number of seconds. Fix: e.g. 15.");
                }
            }),
    MAX_CONCURRENT_SYNCS(Section.AIRBYTE, "max.concurrent.syncs", "", "unlimited", Flag.COMMON,
            "At most this many sync jobs started by this service running in Airbyte at once, over every connection (and"
                    + " every instance with `CLUSTER_ENABLED=true`: counted in the state database); a `POST /jobs` in flight"
                    + " counts, a sync someone else started does not. A change that finds the cap reached is `queued`"
                    + " (log line, `/status`, `pgsync_syncs_queued_total`) and started as soon as a slot frees, oldest change"
                    + " first, without waiting for its block's next slot; the queue is kept in the state database across"
                    + " restarts. Empty: no cap.",
            "empty, or a whole number from 1 to 1000",
            (v, all) -> {
                if (!v.isEmpty() && (!v.matches("[0-9]{1,4}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > 1000)) {
                    throw new ConfigurationError("MAX_CONCURRENT_SYNCS '" + v + "' is not a whole number from 1 to 1000. Fix:"
                            + " leave it empty (no cap) or set e.g. 3 (at most 3 of our syncs running in Airbyte at once).");
                }
            }),
    AIRBYTE_POLL_FIRST_DELAY_MS(Section.AIRBYTE, "airbyte.poll.first.delay.ms", "2000", null, Flag.NONE,
            "Wait after start-up before the first job poll, the first readiness check and the first connection check.",
            "whole milliseconds, 0 to 999999999",
            (v, all) -> Checks.millis("AIRBYTE_POLL_FIRST_DELAY_MS", v, "2000")),
    AIRBYTE_JOB_TIMEOUT(Section.AIRBYTE, "airbyte.job.timeout", "PT12H", null, Flag.NONE,
            "A job this service started and not finished after this long is cancelled (`DELETE /jobs/{id}`) and recorded"
                    + " as `timed_out`, even when `GET /jobs/{id}` fails; the synced state is kept and the change is synced again."
                    + " A sync someone else started is never cancelled: it is waited for, and alerted once.",
            "positive ISO-8601 duration: `PT12H`, `PT90M`",
            (v, all) -> Checks.jobTimeout(v)),
    AIRBYTE_JOB_LISTING_GRACE_SECONDS(Section.AIRBYTE, "airbyte.job.listing.grace.seconds", "120", null, Flag.NONE,
            "How long a `POST /jobs` that got no answer (a 5xx, a 429, a timeout, a crash) may still have started a job"
                    + " that `GET /jobs` does not list yet: a younger intent without a listed job is kept, and not posted"
                    + " again, until this has passed (a `POST /jobs` can block about 81 s before Airbyte lists the job).",
            "whole seconds, 0 to 99999",
            (v, all) -> {
                if (!v.matches("[0-9]{1,5}")) {
                    throw new ConfigurationError("AIRBYTE_JOB_LISTING_GRACE_SECONDS '" + v + "' is not a whole number of"
                            + " seconds. Fix: e.g. 120 (longer than the slowest POST /jobs seen, about 81 s).");
                }
            }),
    AIRBYTE_CLOCK_SKEW_MS(Section.AIRBYTE, "airbyte.clock.skew.ms", "1000", null, Flag.NONE,
            "How much earlier than the intent (written before `POST /jobs`, by the state database's clock) a job's"
                    + " `startTime` (by Airbyte's clock, in whole seconds) may be and the job still count as the one asked"
                    + " for, when it is looked for in `GET /jobs` (after a 409, a crash or a `POST /jobs` without an answer)."
                    + " At least 1000: Airbyte prints `startTime` rounded down to the second. Too small, and Airbyte's clock"
                    + " running behind makes the service miss its own job: the change is then posted again once the listing"
                    + " grace has passed (synced twice, never lost). Too large, and a job someone started just before the"
                    + " change can be adopted as covering it, although it may have read the table before the change.",
            "whole milliseconds, 1000 to 600000",
            (v, all) -> {
                if (!v.matches("[0-9]{1,6}") || Long.parseLong(v) < 1000 || Long.parseLong(v) > 600_000) {
                    throw new ConfigurationError("AIRBYTE_CLOCK_SKEW_MS '" + v + "' is not a number of milliseconds between 1000"
                            + " and 600000. Fix: e.g. 1000 (the default; Airbyte prints a job's startTime in whole seconds), plus"
                            + " how far Airbyte's clock may run behind the state database's.");
                }
            }),
    AIRBYTE_RETRY_MAX(Section.AIRBYTE, "airbyte.retry.max", "5", null, Flag.NONE,
            "Redeliveries of an Airbyte call after an I/O error, a 5xx or a 429, with exponential back-off; then the tick"
                    + " fails, no state moves and the next tick tries again. `POST /jobs` is never resent once it was sent:"
                    + " the next tick reads the job list first.",
            "whole number, 0 (no redelivery) to 999",
            (v, all) -> Checks.redeliveries("AIRBYTE_RETRY_MAX", v, "5")),
    AIRBYTE_RETRY_DELAY_MS(Section.AIRBYTE, "airbyte.retry.delay.ms", "1000", null, Flag.NONE,
            "First back-off delay of those redeliveries, doubled at each one (1 s, 2 s, 4 s, 8 s, 16 s by default); also"
                    + " the wait after a failed `POST /applications/token` before the next one, doubled after each failure"
                    + " (that request is never redelivered, so no call waits for its back-off).",
            "whole milliseconds, 0 to 9999999",
            (v, all) -> Checks.delay("AIRBYTE_RETRY_DELAY_MS", v, "1000")),
    AIRBYTE_RETRY_MAX_DELAY_MS(Section.AIRBYTE, "airbyte.retry.max.delay.ms", "30000", null, Flag.NONE,
            "Longest back-off delay between two redeliveries of an Airbyte call, and between two failed token requests.",
            "whole milliseconds, 0 to 9999999",
            (v, all) -> Checks.delay("AIRBYTE_RETRY_MAX_DELAY_MS", v, "30000")),
    AIRBYTE_CONNECTION_CHECK_SECONDS(Section.AIRBYTE, "airbyte.connection.check.seconds", "300", null, Flag.NONE,
            "How often each connection's record is read from Airbyte (`GET /connections/{id}`): its workspace for the"
                    + " status page's link; an inactive connection raises an alert.",
            "whole seconds, 1 to 999999",
            (v, all) -> {
                if (!v.matches("[1-9][0-9]{0,5}")) {
                    throw new ConfigurationError("AIRBYTE_CONNECTION_CHECK_SECONDS '" + v + "' is not a whole number of seconds."
                            + " Fix: e.g. 300.");
                }
            }),

    // ------------------------------------------------------------------ what an operator sees
    MANAGEMENT_HOST(Section.WATCH, "management.host", "127.0.0.1", null, Flag.NONE,
            "Address the management HTTP server binds (see `MANAGEMENT_PORT`): reach it through an SSH tunnel, or set"
                    + " `0.0.0.0` behind a security group that lets in your Prometheus alone.",
            "IP address or host name of this host",
            (v, all) -> {
                if (!Checks.HOST.matcher(v).matches()) {
                    throw new ConfigurationError("MANAGEMENT_HOST '" + v + "' is not an IP address or host name. Fix: 127.0.0.1"
                            + " (the default: this host only), or 0.0.0.0 behind a security group that lets in your Prometheus alone.");
                }
            }),
    MANAGEMENT_PORT(Section.WATCH, "management.port", "8081", null, Flag.COMMON,
            "Port of the management HTTP server: `/status`, `/status.json`, `/observe/health`, `/observe/metrics`,"
                    + " `/observe/jolokia`. Start-up stops when it is in use (a second instance on the host, another"
                    + " program); `0` picks a free port.",
            "TCP port, 0 to 65535",
            (v, all) -> {
                if (!v.matches("\\d{1,5}") || Integer.parseInt(v) > 65535) {
                    throw new ConfigurationError("MANAGEMENT_PORT '" + v + "' is not a TCP port. Fix: e.g. 8081 (0: any free port).");
                }
            }),
    HEALTH_CHECK_SECONDS(Section.WATCH, "health.check.seconds", "30", null, Flag.NONE,
            "How often the readiness of the source database, the state database and the Airbyte API is checked, in the"
                    + " background (`/observe/health` answers at once).",
            "whole seconds, 1 to 99999",
            (v, all) -> {
                if (!v.matches("[1-9][0-9]{0,4}")) {
                    throw new ConfigurationError("HEALTH_CHECK_SECONDS '" + v + "' is not a whole number of seconds. Fix: e.g. 30.");
                }
            }),
    AIRBYTE_UI_URL(Section.WATCH, "airbyte.ui.url", "http://localhost:8000", null, Flag.COMMON,
            "Where your browser opens Airbyte (through your SSH tunnel, say); `/status` links each connection there.",
            "`http://` or `https://` URL",
            (v, all) -> {
                String ui = v.replaceAll("/+$", "");
                if (!ui.startsWith("http://") && !ui.startsWith("https://")) {
                    throw new ConfigurationError("AIRBYTE_UI_URL '" + ui + "' is not an http(s) URL. Fix: e.g. http://localhost:8000"
                            + " (what abctl prints), or the address you open Airbyte at through your SSH tunnel.");
                }
            }),
    STATUS_JOBS(Section.WATCH, "status.jobs", "5", null, Flag.NONE,
            "Recent jobs shown per connection on `/status`.",
            "whole number, 1 to 9999",
            (v, all) -> Checks.positive("STATUS_JOBS", v, "5")),

    // ------------------------------------------------------------------ alerts
    ALERT_WEBHOOK_URL(Section.ALERTS, "alert.webhook.url", "", "unset: alerts only in the log", Flag.COMMON_SECRET,
            "Slack-compatible incoming webhook (`{\"text\": ...}`) the alerts are sent to; it carries a token. Empty:"
                    + " alerts only in the log (logger `pg-airbyte-sync.alerts`).",
            "empty, or an `http://` or `https://` URL (`https://hooks.slack.com/services/...`)",
            (v, all) -> Checks.httpUrlOrEmpty(v, "ALERT_WEBHOOK_URL is not an http(s) URL. Fix: paste the whole incoming-webhook"
                            + " URL (https://hooks.slack.com/services/...), or leave it empty to only log alerts.")),
    ALERT_AFTER_FAILURES(Section.ALERTS, "alert.after.failures", "3", null, Flag.NONE,
            "Failed ticks of a connection in a row that make a \"failing\" alert; also failed readiness checks in a row"
                    + " that make a \"DOWN\" alert.",
            "whole number, 1 to 9999",
            (v, all) -> Checks.positive("ALERT_AFTER_FAILURES", v, "3")),
    ALERT_RETRY_MAX(Section.ALERTS, "alert.retry.max", "4", null, Flag.NONE,
            "Redeliveries of a webhook call that failed, with exponential back-off, off the ticks' path; then the alert"
                    + " is logged at ERROR and ticks go on.",
            "whole number, 0 (no redelivery) to 999",
            (v, all) -> Checks.redeliveries("ALERT_RETRY_MAX", v, "4")),
    ALERT_RETRY_DELAY_MS(Section.ALERTS, "alert.retry.delay.ms", "2000", null, Flag.NONE,
            "First back-off delay of those redeliveries, doubled at each one (at most 60 s apart).",
            "whole milliseconds, 0 to 9999999",
            (v, all) -> Checks.delay("ALERT_RETRY_DELAY_MS", v, "2000")),
    EVENTS_WEBHOOK_URL(Section.ALERTS, "events.webhook.url", "", "unset: no events", Flag.COMMON_SECRET,
            "Where every job outcome is sent as a CloudEvents 1.0 event (JSON, `application/cloudevents+json`):"
                    + " `io.pgairbytesync.sync.succeeded` with the tables' synced cursor values, `...sync.failed`,"
                    + " `...schema.changed`; for a dbt Cloud job, a Dagster sensor, an Airflow dataset. Kept in the state"
                    + " database until delivered (a restart loses none), sent off the ticks' path, tried again with a"
                    + " back-off up to 5 min. Empty: no events. A secret (it may carry a token).",
            "empty, or an `http://` or `https://` URL",
            (v, all) -> Checks.httpUrlOrEmpty(v, "EVENTS_WEBHOOK_URL is not an http(s) URL. Fix: the whole URL of the"
                            + " receiver (https://events.example.com/hooks/airbyte), or leave it empty for no events.")),

    // ------------------------------------------------------------------ two or more instances
    CLUSTER_ENABLED(Section.CLUSTER, "cluster.enabled", "false", "`false` (one instance, schedule in memory)", Flag.COMMON,
            "`true` on every instance that shares one state database: the schedule moves to Quartz's clustered JDBC store"
                    + " in `STATE_DB_SCHEMA` (tables `qrtz_*`, created at start-up), each tick runs on one instance only,"
                    + " and a dead instance is taken over (see [Running two or more instances](ha.md)).",
            "`true` or `false`",
            (v, all) -> Checks.trueOrFalse("CLUSTER_ENABLED", v, " Fix: true to run several instances against one state"
                    + " database (clustered Quartz), false (the default) for one instance.")),
    CLUSTER_CHECKIN_MS(Section.CLUSTER, "cluster.checkin.ms", "5000", null, Flag.NONE,
            "With `CLUSTER_ENABLED=true`: an instance silent for this long is declared dead and taken over; each instance"
                    + " checks in twice per period.",
            "milliseconds, 1000 to 600000",
            (v, all) -> {
                if (!v.matches("[0-9]{1,7}") || Long.parseLong(v) < 1000 || Long.parseLong(v) > 600_000) {
                    throw new ConfigurationError("CLUSTER_CHECKIN_MS '" + v + "' is not a number of milliseconds between 1000"
                            + " and 600000. Fix: e.g. 5000 (the default): a node silent for that long is taken over by the others.");
                }
            }),
    NODE_ID(Section.CLUSTER, "node.id", "", "the host name (up to the first dot)", Flag.NONE,
            "This instance's name in `sync_state.last_tick_node`, in the Quartz instance id and in the logs; give every"
                    + " instance its own, e.g. `sync-1`.",
            "empty, or letters, digits, `.`, `_`, `-`, at most 63 characters",
            (v, all) -> {
                String nodeId = v.isEmpty() ? Settings.hostName() : v;
                if (!Checks.NODE_ID.matcher(nodeId).matches()) {
                    throw new ConfigurationError("NODE_ID '" + nodeId + "' is not a plain name (it defaults to the host name). Fix: set"
                            + " NODE_ID to letters, digits, '.', '_' or '-', at most 63 characters, different on every instance, e.g. sync-1.");
                }
            }),

    // ------------------------------------------------------------------ connection file and logs
    CAMEL_MAIN_ROUTESINCLUDEPATTERN(Section.FILES, "camel.main.routesIncludePattern", "classpath:routes/connections.yaml",
            "`classpath:routes/connections.yaml` (bundled, empty)", Flag.COMMON,
            "Where the connection YAML is read (Camel's own key), e.g. `file:/etc/pg-airbyte-sync/connections.yaml`;"
                    + " several files: comma-separated, or `file:/etc/pg-airbyte-sync/*.yaml`. The engine routes always"
                    + " load from the jar.",
            "`file:` or `classpath:` patterns, comma-separated; a `file:` without wildcards must exist",
            (v, all) -> Checks.routesPattern(v)),
    CONNECTIONS_RELOAD_SECONDS(Section.FILES, "connections.reload.seconds", "2", null, Flag.NONE,
            "How often the `file:` connection YAML of CAMEL_MAIN_ROUTESINCLUDEPATTERN is checked for a saved change (by"
                    + " content, not by date). A change is validated as a whole (the same checks as at start-up, and every"
                    + " added or changed block's tables on the source), then applied to the blocks that changed only: the"
                    + " others keep their schedule. A change that does not validate changes nothing and is reported (log,"
                    + " `/status`, alert). `0`: not checked (a change needs a restart).",
            "whole seconds, 0 to 3600",
            (v, all) -> {
                if (!v.matches("[0-9]{1,4}") || Integer.parseInt(v) > 3600) {
                    throw new ConfigurationError("CONNECTIONS_RELOAD_SECONDS '" + v + "' is not a whole number of seconds from 0"
                            + " to 3600. Fix: e.g. 2 (the default), or 0 to apply a change of the connection YAML only at a restart.");
                }
            }),
    DECISIONS_LOG_LEVEL(Section.FILES, null, "INFO", null, Flag.NONE,
            "Level of the logger `pg-airbyte-sync.decisions` (read by logback.xml, not Camel): `DEBUG` adds each decision"
                    + " before its job is asked for and every job status seen; `WARN` keeps only problems.",
            "`TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR`, `OFF`",
            (v, all) -> {
                if (!v.toUpperCase(Locale.ROOT).matches("TRACE|DEBUG|INFO|WARN|ERROR|OFF")) {
                    throw new ConfigurationError("DECISIONS_LOG_LEVEL '" + v + "' is not a log level. Fix: INFO (the default), DEBUG"
                            + " (also each decision before its job is asked for) or WARN (only problems).");
                }
            }),

    // ------------------------------------------------------------------ set by the service itself
    DOCTOR_MODE(Section.INTERNAL, "doctor.mode", "false", null, Flag.NONE,
            "Set by `--doctor` and `--plan` (look only: no state DDL, no schedule, no background job). Leave it unset.",
            "`true` or `false`",
            (v, all) -> Checks.trueOrFalse("DOCTOR_MODE", v, " Fix: leave it unset; run the jar with --doctor to check the"
                    + " configuration."));

    /** Where a group of settings is documented: a heading of docs/configuration.md and of the env file. */
    public enum Section {
        SOURCE("The PostgreSQL being watched"),
        STATE("Where the sync state lives"),
        AIRBYTE("Airbyte"),
        WATCH("What an operator sees"),
        ALERTS("Alerts"),
        CLUSTER("Two or more instances"),
        FILES("Connection file and logs"),
        INTERNAL("Set by the service itself");

        private final String title;

        Section(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** A setting's check: throws a {@link ConfigurationError} that names the variable and the fix. */
    @FunctionalInterface
    interface Check {
        /**
         * @param value the setting's value, trimmed, its default when unset
         * @param all   every setting's raw value by {@link #propertyName()} (null when unset), for checks across settings
         */
        void check(String value, UnaryOperator<String> all);
    }

    private enum Flag {
        NONE(false, false), COMMON(true, false), SECRET(false, true), COMMON_SECRET(true, true);

        final boolean common;
        final boolean secret;

        Flag(boolean common, boolean secret) {
            this.common = common;
            this.secret = secret;
        }
    }

    private final Section section;
    private final String key;
    private final String defaultValue;
    private final String defaultText;
    private final Flag flag;
    private final String description;
    private final String accepted;
    private final Check check;

    Setting(Section section, String key, String defaultValue, String defaultText, Flag flag, String description,
            String accepted, Check check) {
        this.section = section;
        this.key = key;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.flag = flag;
        this.description = description;
        this.accepted = accepted;
        this.check = check;
    }

    public Section section() {
        return section;
    }

    /** The key of Camel's properties ({@code source.db.url}); empty for DECISIONS_LOG_LEVEL, which logback reads. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** The environment variable: the key in upper case with dots as underscores, as Camel looks it up. */
    public String env() {
        return key == null ? name() : key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The name to resolve the setting by: the key, or the variable for a setting Camel has no key for. */
    public String propertyName() {
        return key == null ? env() : key;
    }

    /** The value used when nothing sets it; empty for "unset". */
    public String defaultValue() {
        return defaultValue;
    }

    /** The default as the documents say it: {@link #defaultText} where the empty default means more than "empty". */
    public String defaultForPeople() {
        if (defaultText != null) {
            return defaultText;
        }
        return defaultValue.isEmpty() ? "empty" : "`" + defaultValue + "`";
    }

    public String description() {
        return description;
    }

    /** What the check accepts, for the documents. */
    public String accepted() {
        return accepted;
    }

    /** Never printed: registered with {@link SecretMasker}, empty in the env example. */
    public boolean secret() {
        return flag.secret;
    }

    /** In the README's short table (all settings are in docs/configuration.md). */
    public boolean common() {
        return flag.common;
    }

    /** Set by the service itself, not by a user: documented, not in the env example. */
    public boolean internal() {
        return section == Section.INTERNAL;
    }

    /** The setting's value from {@code all} (by {@link #propertyName()}), trimmed; the default when unset. */
    public String read(UnaryOperator<String> all) {
        String v = all.apply(propertyName());
        return v == null ? defaultValue : v.trim();
    }

    /** Reads and checks the setting: the value, or a {@link ConfigurationError} that names the variable and the fix. */
    public String check(UnaryOperator<String> all) {
        String v = read(all);
        if (secret()) {
            SecretMasker.register(v);
        }
        check.check(v, all);
        return v;
    }

    /**
     * Every declared default by Camel key: what {@link SettingDefaults} gives Camel, so that each
     * {@code {{placeholder}}} of a setting resolves (DECISIONS_LOG_LEVEL is logback's: not here).
     */
    public static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Setting s : values()) {
            s.key().ifPresent(k -> defaults.put(k, s.defaultValue));
        }
        return defaults;
    }

    /** Settings Camel itself uses before {@link Settings#from} runs: checked as soon as Camel's properties are set up. */
    static final java.util.List<Setting> CHECKED_BEFORE_CAMEL_CONFIGURES = java.util.List.of(CAMEL_MAIN_ROUTESINCLUDEPATTERN,
            MANAGEMENT_HOST);

    /**
     * Checks, before Camel configures itself, the settings Camel reads on its own (it reads the connection files before
     * any configuration class runs, and would stop with a bare FileNotFoundException). {@code PgAirbyteSyncMain.create}
     * calls it. The defaults need no call: {@link SettingDefaults} is found by Camel itself.
     */
    public static void applyTo(org.apache.camel.main.Main main) {
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void beforeConfigure(org.apache.camel.main.BaseMainSupport m) {
                org.apache.camel.spi.PropertiesComponent pc = m.getCamelContext().getPropertiesComponent();
                for (Setting s : CHECKED_BEFORE_CAMEL_CONFIGURES) {
                    s.check(name -> pc.resolveProperty(name).orElse(null));
                }
            }
        });
    }

    /** The setting of a Camel key or an environment variable. */
    public static Optional<Setting> byName(String keyOrEnv) {
        for (Setting s : values()) {
            if (s.propertyName().equals(keyOrEnv) || s.env().equals(keyOrEnv)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The checks several settings share, with their messages word for word. */
    static final class Checks {
        static final Check ANY = (v, all) -> { };

        /** {@code true} or {@code false}; {@code fix} follows the message as it is (empty: none). */
        static void trueOrFalse(String variable, String v, String fix) {
            if (!v.equals("true") && !v.equals("false")) {
                throw new ConfigurationError(variable + " '" + v + "' is not true or false." + fix);
            }
        }

        static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
        static final Pattern PG_INTERVAL = Pattern.compile("\\d+\\s*(ms|s|min|h)?");
        static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
        /** An IPv4 or IPv6 literal or a host name: letters, digits, '.', '-', ':' (no spaces, no scheme, no port path). */
        static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

        private Checks() {
        }

        static void jdbcUrl(String name, String url) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new ConfigurationError(name + " must be a PostgreSQL JDBC URL starting with jdbc:postgresql:"
                        + " (e.g. jdbc:postgresql://mydb.abc123.eu-west-1.rds.amazonaws.com:5432/shop?sslmode=require).");
            }
            if (url.toLowerCase(Locale.ROOT).contains("password=")) {
                throw new ConfigurationError(name + " carries a password=... parameter. Fix: remove it from the URL and set"
                        + " it in " + name.replace("_URL", "_PASSWORD") + " instead (URLs are logged; passwords never are).");
            }
        }

        /** Each entry has a scheme, and a file it names exists (else Camel stops with a bare FileNotFoundException). */
        static void routesPattern(String v) {
            for (String entry : v.split(",")) {
                String p = entry.trim();
                if (p.isEmpty()) {
                    continue;
                }
                if (!p.contains(":")) {
                    throw new ConfigurationError("CAMEL_MAIN_ROUTESINCLUDEPATTERN entry '" + p + "' has no scheme, so Camel looks"
                            + " for it inside the jar. Fix: write file:" + p + " for a file on this host.");
                }
                if (!p.startsWith("file:")) {
                    continue;
                }
                String path = p.substring("file:".length());
                int wildcard = path.indexOf('*') >= 0 ? path.indexOf('*') : path.indexOf('?');
                if (wildcard < 0) {
                    if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(path))) {
                        throw new ConfigurationError("CAMEL_MAIN_ROUTESINCLUDEPATTERN names " + p + ", which is not a file."
                                + " Fix: write the connection file there (start from examples/connections.yaml), or correct"
                                + " the path.");
                    }
                } else {
                    String dir = path.substring(0, Math.max(0, path.lastIndexOf('/', wildcard)));
                    if (!dir.isEmpty() && !java.nio.file.Files.isDirectory(java.nio.file.Path.of(dir))) {
                        throw new ConfigurationError("CAMEL_MAIN_ROUTESINCLUDEPATTERN names " + p + ", but the directory "
                                + dir + " does not exist. Fix: create it with the connection files, or correct the path.");
                    }
                }
            }
        }

        static void interval(String env, String v) {
            if (!PG_INTERVAL.matcher(v).matches()) {
                throw new ConfigurationError(env + " '" + v + "' is not a duration PostgreSQL understands. Fix: e.g. 5s, 500ms or 1min.");
            }
        }

        /** The milliseconds of a duration {@link #PG_INTERVAL} accepts (no unit: ms, as PostgreSQL reads it). */
        static long intervalMillis(String v) {
            java.util.regex.Matcher m = Pattern.compile("(\\d+)\\s*(ms|s|min|h)?").matcher(v.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a duration: " + v);
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "ms" : m.group(2);
            return switch (unit) {
                case "s" -> n * 1000;
                case "min" -> n * 60_000;
                case "h" -> n * 3_600_000;
                default -> n;
            };
        }

        /** What an empty network timeout stands for: the statement timeout + {@link #NETWORK_MARGIN}. */
        static final java.time.Duration NETWORK_MARGIN = java.time.Duration.ofSeconds(25);
        private static final long NETWORK_MAX_MS = 24 * 3_600_000L;

        /**
         * A database's network timeout: empty, or a duration of 1 s to 24 h longer than the statement timeout of that
         * database (unless that one is 0, no limit).
         */
        static void networkTimeout(String env, String v, String statementEnv, String statement) {
            if (v.isEmpty()) {
                return;
            }
            String fix = " Fix: e.g. 30s, several seconds longer than " + statementEnv + ", or leave it empty (" + statementEnv
                    + " + 25 s).";
            if (!PG_INTERVAL.matcher(v).matches() || digitsTooLong(v) || intervalMillis(v) < 1000 || intervalMillis(v) > NETWORK_MAX_MS) {
                throw new ConfigurationError(env + " '" + v + "' is not a duration between 1s and 24h." + fix);
            }
            if (PG_INTERVAL.matcher(statement).matches() && !digitsTooLong(statement)
                    && intervalMillis(v) <= intervalMillis(statement)) {
                throw new ConfigurationError(env + " '" + v + "' is not longer than " + statementEnv + " '" + statement
                        + "': a slow statement would lose its session to the network timeout instead of being cancelled by"
                        + " PostgreSQL." + fix);
            }
        }

        private static boolean digitsTooLong(String v) {
            return v.replaceAll("\\D", "").length() > 12;
        }

        /**
         * The network timeout in force: the value given, or the statement timeout + {@link #NETWORK_MARGIN}; rounded up
         * to whole seconds (what the PostgreSQL driver takes).
         */
        static java.time.Duration networkTimeout(String v, String statement) {
            long ms = v.isEmpty() ? intervalMillis(statement) + NETWORK_MARGIN.toMillis() : intervalMillis(v);
            return java.time.Duration.ofSeconds((ms + 999) / 1000);
        }

        static void cursorFutureMargin(String v) {
            try {
                java.time.Duration margin = java.time.Duration.parse(v);
                if (margin.isNegative() || margin.isZero() || margin.toDays() > 36_500) {
                    throw new java.time.format.DateTimeParseException("out of range", "", 0);
                }
            } catch (java.time.format.DateTimeParseException e) {
                throw new ConfigurationError("CURSOR_FUTURE_MARGIN '" + v + "' is not a positive ISO-8601 duration of at most"
                        + " 100 years. Fix: e.g. P1D (a day, the default) or PT6H: a cursor this far ahead of the source"
                        + " database's clock counts as pinned.");
            }
        }

        static void jobTimeout(String v) {
            try {
                java.time.Duration timeout = java.time.Duration.parse(v);
                if (timeout.isNegative() || timeout.isZero()) {
                    throw new java.time.format.DateTimeParseException("not positive", "", 0);
                }
            } catch (java.time.format.DateTimeParseException e) {
                throw new ConfigurationError("AIRBYTE_JOB_TIMEOUT '" + v + "' is not a positive"
                        + " ISO-8601 duration. Fix: e.g. PT12H (12 hours) or PT90M.");
            }
        }

        /** Empty, or an http(s) URL with a host; else {@code error}, which names the setting and the fix. */
        static void httpUrlOrEmpty(String v, String error) {
            if (v.isEmpty()) {
                return;
            }
            try {
                java.net.URI uri = java.net.URI.create(v);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigurationError(error);
            }
        }

        static void positive(String env, String v, String example) {
            if (!v.matches("[1-9][0-9]{0,3}")) {
                throw new ConfigurationError(env + " '" + v + "' is not a positive whole number. Fix: e.g. " + example + ".");
            }
        }

        static void millis(String env, String v, String example) {
            if (!v.matches("[0-9]{1,9}")) {
                throw new ConfigurationError(env + " '" + v + "' is not a whole number of milliseconds. Fix: e.g. " + example + ".");
            }
        }

        static void delay(String env, String v, String example) {
            if (!v.matches("[0-9]{1,7}")) {
                throw new ConfigurationError(env + " '" + v + "' is not a whole number of milliseconds (at most 9999999)."
                        + " Fix: e.g. " + example + ".");
            }
        }

        static void redeliveries(String env, String v, String example) {
            if (!v.matches("[0-9]{1,3}")) {
                throw new ConfigurationError(env + " '" + v + "' is not a whole number of redeliveries (0 to 999). Fix: e.g. "
                        + example + ", or 0 for none.");
            }
        }
    }
}
