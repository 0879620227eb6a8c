package io.pgairbytesync.probe;

/**
 * One watched table of a connection, with identifiers exactly as PostgreSQL stores them in its catalog
 * (unquoted names from the YAML folded to lower case, quoted names kept as written).
 */
public record TableSpec(String schema, String table, String cursorColumn) {

    /** {@code schema.table} as a person reads it (quoted only where PostgreSQL would need it). */
    public String displayName() {
        return Identifiers.display(schema) + "." + Identifiers.display(table);
    }

    /** {@code "schema"."table"}, safe to place in SQL text. */
    public String quotedName() {
        return Identifiers.quote(schema) + "." + Identifiers.quote(table);
    }
}
