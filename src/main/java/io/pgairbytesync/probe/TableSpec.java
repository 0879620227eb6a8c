package io.pgairbytesync.probe;

/**
 * One watched table of a connection, with identifiers exactly as PostgreSQL stores them in its catalog
 * (unquoted names from the YAML folded to lower case, quoted names kept as written).
 *
 * @param cursorColumn its cursor column, or null when it has none ({@code tables: public.events:-}, or a block whose
 *                     changeSignal has no cursor): the stats signal and the schema fingerprint alone watch it
 */
public record TableSpec(String schema, String table, String cursorColumn) {

    /**
     * What sync_state.cursor_column (NOT NULL) holds for a table without a cursor: the empty string, which no
     * PostgreSQL identifier can be (a table that gets or loses its cursor column is then seen for the first time).
     */
    public static final String NO_CURSOR = "";

    /** Whether it has a cursor column. */
    public boolean hasCursor() {
        return cursorColumn != null;
    }

    /** The cursor column as the sync state stores it: {@link #NO_CURSOR} when none. */
    public String storedCursorColumn() {
        return cursorColumn == null ? NO_CURSOR : cursorColumn;
    }

    /** {@code schema.table} as a person reads it (quoted only where PostgreSQL would need it). */
    public String displayName() {
        return Identifiers.display(schema) + "." + Identifiers.display(table);
    }

    /** {@code "schema"."table"}, safe to place in SQL text. */
    public String quotedName() {
        return Identifiers.quote(schema) + "." + Identifiers.quote(table);
    }
}
