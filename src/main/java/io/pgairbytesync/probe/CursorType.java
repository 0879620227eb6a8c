package io.pgairbytesync.probe;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The cursor column types a probe supports, and how each max value is printed as exact, session-independent text.
 * Text keeps every digit (numeric), every microsecond (timestamps) and is compared as written.
 */
public enum CursorType {
    TIMESTAMPTZ("timestamptz", "timestamp with time zone"),
    TIMESTAMP("timestamp", "timestamp without time zone"),
    DATE("date", "date"),
    INT2("int2", "smallint"),
    INT4("int4", "integer"),
    INT8("int8", "bigint"),
    NUMERIC("numeric", "numeric");

    private final String typname;
    private final String sqlName;

    CursorType(String typname, String sqlName) {
        this.typname = typname;
        this.sqlName = sqlName;
    }

    /** By {@code pg_type.typname} of the column (or of the domain's base type); null when unsupported. */
    public static CursorType of(String typname) {
        for (CursorType t : values()) {
            if (t.typname.equals(typname)) {
                return t;
            }
        }
        return null;
    }

    public static String supportedNames() {
        return Arrays.stream(values()).map(t -> t.sqlName).collect(Collectors.joining(", "));
    }

    /**
     * SQL for max(column) of {@code quotedTable} as text. Timestamps print in ISO 8601 with microseconds
     * (timestamptz in UTC with a Z), independent of the session's TimeZone and DateStyle; infinity stays 'infinity'.
     */
    String maxAsText(String quotedColumn, String quotedTable) {
        String max = "(SELECT max(" + quotedColumn + ") AS m FROM " + quotedTable + ") x";
        return switch (this) {
            case TIMESTAMPTZ -> "(SELECT CASE WHEN isfinite(m) THEN to_char(m AT TIME ZONE 'UTC', "
                    + "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') ELSE m::text END FROM " + max + ")";
            case TIMESTAMP -> "(SELECT CASE WHEN isfinite(m) THEN to_char(m, 'YYYY-MM-DD\"T\"HH24:MI:SS.US') ELSE m::text END FROM "
                    + max + ")";
            case DATE -> "(SELECT CASE WHEN isfinite(m) THEN to_char(m, 'YYYY-MM-DD') ELSE m::text END FROM " + max + ")";
            default -> "(SELECT m::text FROM " + max + ")";
        };
    }
}
