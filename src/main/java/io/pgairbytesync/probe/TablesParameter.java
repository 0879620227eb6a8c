package io.pgairbytesync.probe;

import java.util.ArrayList;

import io.pgairbytesync.config.ConfigurationError;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the {@code tables} parameter of a connection block: a comma-separated list of
 * {@code [schema.]table[:cursorColumn]}. Names follow PostgreSQL's rules: unquoted names are folded to
 * lower case, names in double quotes keep their case and may hold any character ({@code ""} is a quote).
 * {@code table:-} is a table without a cursor column (watched by the stats signal and the schema fingerprint alone);
 * with a block signal that has no cursor ({@code changeSignal: stats}) no table has one, and {@code table:col} is an
 * error naming the fix.
 */
public final class TablesParameter {

    /** {@code table:-}: the table has no cursor column. */
    static final String NO_CURSOR = "-";

    private TablesParameter() {
    }

    /** The block's tables, with its changeSignal parameter over {@code defaultSignal} (the CHANGE_SIGNAL setting). */
    public static List<TableSpec> of(io.pgairbytesync.tick.ConnectionBlock block, ChangeSignal defaultSignal) {
        return parse(block.routeId(), block.tables(), block.cursorColumn(), block.signal(defaultSignal));
    }

    /** With a signal that has a cursor (the block's cursorColumn is the default of the tables without {@code :col}). */
    public static List<TableSpec> parse(String routeId, String tables, String defaultCursor) {
        return parse(routeId, tables, defaultCursor, ChangeSignal.CURSOR);
    }

    public static List<TableSpec> parse(String routeId, String tables, String defaultCursor, ChangeSignal signal) {
        String where = "connection block '" + routeId + "'";
        if (tables == null || tables.isBlank()) {
            throw new ConfigurationError(where + ": parameter 'tables' is empty. Fix: list the tables to watch, "
                    + "e.g. 'public.orders, customers:modified_at'.");
        }
        String cursor = signal.usesCursor() ? defaultCursor(where, defaultCursor) : null;
        List<TableSpec> specs = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<String> entries;
        try {
            entries = split(tables, ',');
        } catch (IllegalArgumentException e) {
            throw new ConfigurationError(where + ": parameter 'tables' is not valid: " + e.getMessage()
                    + ". Fix: close every double quote; write [schema.]table[:cursorColumn], e.g. 'sales.\"Orders\":modified_at'.");
        }
        for (String entry : entries) {
            String item = entry.trim();
            try {
                TableSpec spec = entry(item, cursor);
                if (!signal.usesCursor() && spec.hasCursor()) {
                    throw new ConfigurationError(where + ": table " + spec.displayName() + " names the cursor column "
                            + Identifiers.display(spec.cursorColumn()) + ", but with changeSignal " + signal.text()
                            + " no table has a cursor. Fix: write '" + spec.displayName() + "' without ':"
                            + Identifiers.display(spec.cursorColumn()) + "', or set changeSignal to cursor+stats to watch"
                            + " its cursor as well.");
                }
                if (!seen.add(spec.schema() + "\0" + spec.table())) {
                    throw new IllegalArgumentException("table " + spec.displayName() + " is listed twice");
                }
                specs.add(spec);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationError(where + ": entry '" + item + "' in 'tables' is not valid: " + e.getMessage()
                        + ". Fix: write [schema.]table[:cursorColumn], e.g. 'public.orders' or 'sales.\"Orders\":modified_at'.");
            }
        }
        return List.copyOf(specs);
    }

    /** The block's cursorColumn parameter, the cursor of the tables that name none. */
    private static String defaultCursor(String where, String defaultCursor) {
        try {
            List<String> parts = split(defaultCursor == null ? "" : defaultCursor.trim(), ',');
            if (parts.size() != 1) {
                throw new IllegalArgumentException("expected one column name");
            }
            return name(parts.get(0));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationError(where + ": parameter 'cursorColumn' value '" + defaultCursor + "' is not a column name ("
                    + e.getMessage() + "). Fix: give one column, e.g. 'updated_at', or \"UpdatedAt\" in double quotes for a mixed-case name.");
        }
    }

    private static TableSpec entry(String item, String defaultCursor) {
        if (item.isEmpty()) {
            throw new IllegalArgumentException("empty entry (a stray comma?)");
        }
        List<String> nameAndCursor = split(item, ':');
        if (nameAndCursor.size() > 2) {
            throw new IllegalArgumentException("more than one ':'");
        }
        String cursor = nameAndCursor.size() == 2
                ? (nameAndCursor.get(1).trim().equals(NO_CURSOR) ? null : name(nameAndCursor.get(1)))
                : defaultCursor;
        List<String> qualified = split(nameAndCursor.get(0), '.');
        return switch (qualified.size()) {
            case 1 -> new TableSpec("public", name(qualified.get(0)), cursor);
            case 2 -> new TableSpec(name(qualified.get(0)), name(qualified.get(1)), cursor);
            default -> throw new IllegalArgumentException("more than one '.' outside double quotes");
        };
    }

    /** One identifier as the catalog stores it: quoted names unescaped, plain names folded to lower case. */
    static String name(String raw) {
        String text = raw.trim();
        String name;
        if (text.startsWith("\"")) {
            if (text.length() < 2 || !text.endsWith("\"")) {
                throw new IllegalArgumentException("unbalanced double quote in " + text);
            }
            String inner = text.substring(1, text.length() - 1);
            if (inner.replace("\"\"", "").contains("\"")) {
                throw new IllegalArgumentException("a double quote inside a quoted name must be doubled: " + text);
            }
            name = inner.replace("\"\"", "\"");
        } else {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("missing name");
            }
            if (!Identifiers.isValidUnquoted(text)) {
                throw new IllegalArgumentException("'" + text + "' is not a plain PostgreSQL name (letters, digits, _ and $,"
                        + " not starting with a digit); put names with other characters in double quotes");
            }
            name = text.toLowerCase(java.util.Locale.ROOT);
        }
        Identifiers.checkStorable(name);
        return name;
    }

    /** Splits on {@code separator} outside double quotes. */
    static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced double quote in " + text);
        }
        parts.add(current.toString());
        return parts;
    }
}
