package io.pgairbytesync.probe;

import java.util.List;
import java.util.Map;

/**
 * One table's answer to the probe statement ({@link ProbeSql}): its max cursor as exact text (null for an empty
 * table), the signature of its columns, and with the stats signal its write counter; completed with the fingerprint
 * of its columns and the columns themselves ({@link ColumnFingerprints}). A row of queries/column-fingerprints.sql
 * carries the signature, the fingerprint and the columns only.
 */
public record ProbeRow(int ord, String maxCursor, String columnSignature, String columnHash, String columnList,
        Long writeCount, boolean cursorPinned) {

    /** A probed table with its fingerprint (no signature): what the classifier compares. */
    public ProbeRow(int ord, String maxCursor, String columnHash, String columnList, Long writeCount) {
        this(ord, maxCursor, null, columnHash, columnList, writeCount, false);
    }

    /** A row whose max(cursor) is not pinned (PinnedCursor). */
    public ProbeRow(int ord, String maxCursor, String columnSignature, String columnHash, String columnList, Long writeCount) {
        this(ord, maxCursor, columnSignature, columnHash, columnList, writeCount, false);
    }

    /** The same row, its max(cursor) pinned or not. */
    public ProbeRow pinned(boolean pinned) {
        return new ProbeRow(ord, maxCursor, columnSignature, columnHash, columnList, writeCount, pinned);
    }

    /** The rows camel-sql read, in table order. */
    public static List<ProbeRow> from(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> new ProbeRow(((Number) r.get("ord")).intValue(), (String) r.get("max_cursor"),
                (String) r.get("column_signature"), (String) r.get("column_hash"), (String) r.get("column_list"),
                r.get("write_count") instanceof Number n ? n.longValue() : null, Boolean.TRUE.equals(r.get("cursor_pinned"))))
                .toList();
    }

    ProbeRow withColumns(String hash, String columns) {
        return new ProbeRow(ord, maxCursor, columnSignature, hash, columns, writeCount, cursorPinned);
    }
}
