package io.pgairbytesync.probe;

import java.util.List;
import java.util.Map;

/**
 * One table's answer to the probe statement ({@link ProbeSql}): its max cursor as exact text (null for an empty
 * table), the fingerprint of its columns and the columns themselves, and with the stats signal its write counter.
 */
public record ProbeRow(int ord, String maxCursor, String columnHash, String columnList, Long writeCount) {

    /** The rows camel-sql read, in table order. */
    public static List<ProbeRow> from(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> new ProbeRow(((Number) r.get("ord")).intValue(), (String) r.get("max_cursor"),
                (String) r.get("column_hash"), (String) r.get("column_list"),
                r.get("write_count") instanceof Number n ? n.longValue() : null)).toList();
    }
}
