package io.pgairbytesync.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
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
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                Matcher m = LINE.matcher(line);
                if (!m.find() || !m.group(4).equals(database)) {
                    continue;
                }
                long at = (long) (Double.parseDouble(m.group(1)) * 1000);
                if (at < fromEpochMs || at >= toEpochMs) {
                    continue;
                }
                String text = m.group(5);
                if (text.startsWith("connection authorized")) {
                    // the application name is not known yet when the session is authorized: counted for the database
                    cost.sessionsOpened++;
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
                    if (text.contains("SELECT 1")) {
                        cost.validations++;
                    }
                }
            }
        }
        return cost;
    }

    /** Server time and statements of one application on one database over a window. */
    static final class Cost {
        double parseMs;
        double bindMs;
        double executeMs;
        double simpleMs;
        long executed;
        long parsed;
        long unnamed;
        long validations;
        long sessionsOpened;
        final Set<String> sessions = new HashSet<>();

        double totalMs() {
            return parseMs + bindMs + executeMs + simpleMs;
        }

        String describe(long ticks) {
            return String.format(Locale.ROOT, "%d statements (%d parsed, %d unnamed, %d validation SELECT 1), server time %.1f ms"
                    + " (parse %.1f, bind+plan %.1f, execute %.1f, simple %.1f); per connection-tick %.2f statements, %.2f ms;"
                    + " sessions used %d", executed, parsed, unnamed, validations, totalMs(), parseMs, bindMs, executeMs, simpleMs,
                    ticks == 0 ? 0.0 : (double) executed / ticks, ticks == 0 ? 0.0 : totalMs() / ticks, sessions.size());
        }
    }
}
