package io.pgairbytesync.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What statements cost the PostgreSQL server, read from the server's own log: the benchmark's measure of what a
 * source database pays (a client-side loop leaves out parse and plan, which the server pays on every unnamed statement).
 * <p>
 * The server runs with {@link #LINE_PREFIX}, {@code log_connections=on} and, for the measured database only,
 * {@code log_min_duration_statement=0}: every parse, bind (planning of an unnamed statement happens there), execute and
 * simple-protocol statement is a line {@code duration: N ms  parse|bind|execute|statement ...}. {@link #mark()} before a
 * window and {@link #since(long, String, String)} after it sum the lines of one database and one application name.
 */
final class ServerLog {

    /**
     * Time, pid, application name and database between commas (the names here have none). No space and no shell
     * character: the embedded server is started through {@code pg_ctl -o}, which hands its options to a shell.
     */
    static final String LINE_PREFIX = "%n,%p,app=%a,db=%d,";

    private static final Pattern LINE = Pattern.compile("^([\\d.]+),(\\d+),app=(.*?),db=(.*?),\\w+:\\s+(.*)");
    private static final Pattern DURATION = Pattern.compile("duration: ([\\d.]+) ms\\s+(parse|bind|execute|statement)\\b(.*)");
    private static final Pattern NAMED = Pattern.compile("^\\s*(S_\\d+):");
    /** PostgreSQL 12+ names the application in the line of an authorized session (before the prefix's %a knows it). */
    private static final Pattern AUTHORIZED_APP = Pattern.compile("application_name=(.*?)(?: SSL enabled| GSS|$)");
    /** The statement of an execute / statement line, after its name ({@code S_3: }, {@code <unnamed>: }, {@code : }). */
    /**
     * With {@code log_statement_stats=on} each parse, bind and execute message is followed by the backend's own resource
     * use for it (getrusage), on an unprefixed continuation line of the message: {@code !\t0.001 s user, 0.000 s
     * system, 0.002 s elapsed}. User + system is the CPU the server spent, whatever else waited for the cores.
     */
    private static final Pattern USAGE = Pattern.compile("^\\s*!\\s+([\\d.]+) s user, ([\\d.]+) s system, ([\\d.]+) s elapsed");
    private static final Pattern STATEMENT_TEXT = Pattern.compile("^(?:\\s*(?:S_\\d+|<unnamed>|C_\\d+(?:/C_\\d+)?)?\\s*:)?\\s*(.*)");

    private final Path file;

    ServerLog(Path file) {
        this.file = file;
    }

    /** The end of the log now: the start of a measurement window. */
    long mark() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    /** The cost of the lines of {@code database} whose application name starts with {@code application}, after {@code from}. */
    Cost since(long from, String database, String application) throws IOException {
        return since(from, database, application, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** The same, only the lines logged from {@code fromEpochMs} (inclusive) to {@code toEpochMs} (exclusive). */
    Cost since(long from, String database, String application, long fromEpochMs, long toEpochMs) throws IOException {
        Cost cost = new Cost();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(from);
            byte[] rest = new byte[(int) (f.length() - from)];
            f.readFully(rest);
            boolean inScope = false; // the last prefixed line was one of this database and application, in the window
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                Matcher m = LINE.matcher(line);
                if (!m.find()) {
                    Matcher usage = USAGE.matcher(line);
                    if (inScope && usage.find()) {
                        cost.cpuMs += (Double.parseDouble(usage.group(1)) + Double.parseDouble(usage.group(2))) * 1000;
                        cost.cpuMessages++;
                    }
                    continue;
                }
                inScope = false;
                if (!m.group(4).equals(database)) {
                    continue;
                }
                long at = (long) (Double.parseDouble(m.group(1)) * 1000);
                if (at < fromEpochMs || at >= toEpochMs) {
                    continue;
                }
                inScope = m.group(3).startsWith(application);
                String text = m.group(5);
                if (text.startsWith("connection authorized")) {
                    // the prefix's application name is not known yet when the session is authorized; the line names it
                    cost.sessionsOpened++;
                    Matcher app = AUTHORIZED_APP.matcher(text);
                    if (app.find() && app.group(1).startsWith(application)) {
                        cost.ownSessionsOpened++;
                    }
                    continue;
                }
                if (!m.group(3).startsWith(application)) {
                    continue;
                }
                cost.sessions.add(m.group(2));
                Matcher d = DURATION.matcher(text);
                if (!d.find()) {
                    continue;
                }
                double ms = Double.parseDouble(d.group(1));
                String phase = d.group(2);
                Matcher named = NAMED.matcher(d.group(3));
                boolean isNamed = named.find();
                Matcher parsedText = STATEMENT_TEXT.matcher(d.group(3));
                if (phase.equals("parse") && parsedText.find()) {
                    // the first parse of a statement in its session (pgjdbc's describe of it, unnamed, then the named
                    // statement itself) is its preparation there; a later one of the same text is parsed again
                    String key = m.group(1) + "/" + (isNamed ? named.group(1) : "") + "/" + parsedText.group(1);
                    if (cost.prepared.add(key)) {
                        cost.preparations++;
                        cost.preparationMs += ms;
                        if (isNamed) {
                            cost.parsedNamed.add(m.group(1) + "/" + named.group(1));
                        }
                    }
                }
                if (isNamed && phase.equals("bind") && cost.parsedNamed.remove(m.group(1) + "/" + named.group(1))) {
                    // the first bind of a named statement prepared in the window plans it; later ones reuse the plan
                    cost.preparationMs += ms;
                }
                switch (phase) {
                    case "parse" -> {
                        cost.parseMs += ms;
                        cost.parsed++;
                    }
                    case "bind" -> cost.bindMs += ms;
                    case "execute" -> cost.executeMs += ms;
                    default -> cost.simpleMs += ms; // "statement": the simple protocol, parsed and planned every time
                }
                if (phase.equals("execute") || phase.equals("statement")) {
                    cost.executed++;
                    if (phase.equals("statement") || d.group(3).trim().startsWith("<unnamed>")) {
                        cost.unnamed++;
                    }
                    Matcher st = STATEMENT_TEXT.matcher(d.group(3));
                    String statement = st.find() ? st.group(1).trim() : d.group(3).trim();
                    // DBCP's validationQuery, or Connection.isValid (pgjdbc sends an empty query)
                    if (statement.equals("SELECT 1") || statement.isEmpty()) {
                        cost.validations++;
                    }
                    cost.byStatement.merge(shortText(statement), 1L, Long::sum);
                    // pgjdbc names the application with a SET at the start of each session (not in the start-up packet)
                    if (statement.startsWith("SET application_name")) {
                        cost.ownSessionsOpened++;
                    }
                }
            }
        }
        return cost;
    }

    /** The first words of a statement, to tell statements apart in a summary (the probe's text is long). */
    private static String shortText(String statement) {
        String flat = statement.replaceAll("\\s+", " ");
        return flat.isEmpty() ? "(empty query: Connection.isValid)" : flat.length() > 70 ? flat.substring(0, 70) + "..." : flat;
    }

    /** Server time and statements of one application on one database over a window. */
    static final class Cost {
        double parseMs;
        double bindMs;
        double executeMs;
        double simpleMs;
        /** CPU (user + system) the backends spent on this application's messages (log_statement_stats), and their count. */
        double cpuMs;
        long cpuMessages;
        long executed;
        long parsed;
        long unnamed;
        long validations;
        /** Sessions authorized on the database during the window, any application. */
        long sessionsOpened;
        /** ... of this application (the pool's ApplicationName). */
        long ownSessionsOpened;
        final Set<String> sessions = new HashSet<>();
        /** Binds of a named statement, the first in its session (which plans it): their count and time. */
        /** Preparations in the window: first parses of a statement in its session, and the first bind of a named one. */
        long preparations;
        double preparationMs;
        final Set<String> prepared = new HashSet<>();
        final Set<String> parsedNamed = new HashSet<>();
        /** Executions per statement (its first words), most frequent first when printed. */
        final Map<String, Long> byStatement = new HashMap<>();

        double totalMs() {
            return parseMs + bindMs + executeMs + simpleMs;
        }

        /**
         * Per connection-tick: statements, server time split parse / bind+plan / execute, validations and new sessions
         * of this pool; then each statement's executions per connection-tick.
         */
        String perTick(long ticks) {
            double t = Math.max(ticks, 1);
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  per connection-tick: %.2f statements (%.2f parsed,"
                    + " %.2f unnamed, %.3f validations), %.2f ms on the server = parse %.2f + bind/plan %.2f + execute %.2f + simple %.2f;"
                    + " new sessions of this pool in the window: %d (all applications: %d)", executed / t, parsed / t, unnamed / t,
                    validations / t, totalMs() / t, parseMs / t, bindMs / t, executeMs / t, simpleMs / t, ownSessionsOpened,
                    sessionsOpened));
            b.append(String.format(Locale.ROOT, "%n  of which preparations of a statement in its session (first parse, pgjdbc's"
                    + " describe included, and the first bind of a named one): %d parses, %.1f ms in all; without them (steady state:"
                    + " every statement already prepared in its session): %.2f ms per connection-tick", preparations, preparationMs,
                    (totalMs() - preparationMs) / t));
            if (cpuMessages > 0) {
                b.append(String.format(Locale.ROOT, "%n  CPU the server spent on them (user + system, log_statement_stats, %d messages):"
                        + " %.2f ms per connection-tick", cpuMessages, cpuMs / t));
            }
            byStatement.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                    .forEach(e -> b.append(String.format(Locale.ROOT, "%n    %6.3f x  %s", e.getValue() / t, e.getKey())));
            return b.toString();
        }

        String describe(long ticks) {
            return String.format(Locale.ROOT, "%d statements (%d parsed, %d unnamed, %d validation SELECT 1), server time %.1f ms"
                    + " (parse %.1f, bind+plan %.1f, execute %.1f, simple %.1f); per connection-tick %.2f statements, %.2f ms;"
                    + " sessions used %d", executed, parsed, unnamed, validations, totalMs(), parseMs, bindMs, executeMs, simpleMs,
                    ticks == 0 ? 0.0 : (double) executed / ticks, ticks == 0 ? 0.0 : totalMs() / ticks, sessions.size());
        }
    }
}
