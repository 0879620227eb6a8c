package io.pgairbytesync.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The difference between two column lists ({@code {"id": "integer", ...}}): added, removed and retyped columns. */
public record ColumnDiff(Map<String, String> added, List<String> removed, Map<String, String> retyped) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ColumnDiff between(String syncedColumnList, String probedColumnList) {
        Map<String, String> before = parse(syncedColumnList);
        Map<String, String> after = parse(probedColumnList);
        Map<String, String> added = new LinkedHashMap<>();
        Map<String, String> retyped = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        after.forEach((column, type) -> {
            String old = before.get(column);
            if (old == null) {
                added.put(column, type);
            } else if (!old.equals(type)) {
                retyped.put(column, old + " -> " + type);
            }
        });
        before.keySet().stream().filter(c -> !after.containsKey(c)).forEach(removed::add);
        return new ColumnDiff(added, removed, retyped);
    }

    /** e.g. {@code added [discount numeric(10,2)], removed [legacy_flag], retyped [qty: integer -> bigint]}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("added " + added.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
        }
        if (!removed.isEmpty()) {
            parts.add("removed " + removed);
        }
        if (!retyped.isEmpty()) {
            parts.add("retyped " + retyped.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
        }
        return parts.isEmpty() ? "no column difference" : String.join(", ", parts);
    }

    private static Map<String, String> parse(String columnList) {
        if (columnList == null || columnList.isBlank()) {
            return Map.of();
        }
        try {
            return new TreeMap<>(JSON.readValue(columnList, new TypeReference<Map<String, String>>() {
            }));
        } catch (Exception e) {
            throw new IllegalArgumentException("column list is not a JSON object: " + columnList, e);
        }
    }
}
