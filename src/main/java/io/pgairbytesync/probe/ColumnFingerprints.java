package io.pgairbytesync.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The column fingerprints of one block's tables as last read by queries/column-fingerprints.sql, each with the column
 * signature it was read with. The probe statement returns only the signature ({@link ProbeSql#COLUMN_SIGNATURE}):
 * while a table's signature is the one its fingerprint was read with, its columns are the same (same names, type OIDs
 * and modifiers), so the fingerprint read then is still the fingerprint now and the sync state compares with it as
 * before. A signature that moved (or a table never read) sends the tick to read the fingerprint again.
 * <p>
 * One thing the signature cannot see: a type renamed in place ({@code ALTER TYPE mood RENAME TO feeling}) changes the
 * type's name in the fingerprint, not its OID. So every fingerprint is read again once it is {@link #READ_AGAIN_AFTER}
 * old. Held by the block's {@link ProbePlan}, so a new plan (after a failed probe, at a restart) starts empty.
 */
public final class ColumnFingerprints {

    /** A fingerprint older than this is read again even though its signature did not move (a type renamed in place). */
    public static final Duration READ_AGAIN_AFTER = Duration.ofHours(1);

    /** A table's fingerprint, the signature it was read with, and when (System.nanoTime). */
    private record Read(String signature, String hash, String columns, long atNanos) {
    }

    private final Map<Integer, Read> byOrd = new ConcurrentHashMap<>();

    /**
     * The probe's rows, each with its fingerprint where the one last read is still valid for its signature, and in
     * {@code unknown} the ords of the tables whose fingerprint must be read (left without one).
     */
    List<ProbeRow> complete(List<ProbeRow> probed, List<Integer> unknown, long nowNanos) {
        List<ProbeRow> rows = new ArrayList<>(probed.size());
        for (ProbeRow row : probed) {
            Read read = byOrd.get(row.ord());
            if (read != null && Objects.equals(read.signature(), row.columnSignature())
                    && nowNanos - read.atNanos() < READ_AGAIN_AFTER.toNanos()) {
                rows.add(row.withColumns(read.hash(), read.columns()));
            } else {
                unknown.add(row.ord());
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * The fingerprints just read ({@code fingerprints}: rows of queries/column-fingerprints.sql) are kept, and the
     * probe's rows completed with them; a table asked for that gave no row is no longer there.
     *
     * @throws IllegalStateException naming the table that did not answer (the probe's failure path then reads the
     *                               catalog and names what is missing)
     */
    List<ProbeRow> remember(List<ProbeRow> probed, List<ProbeRow> fingerprints, List<Integer> asked, ProbePlan plan,
            long nowNanos) {
        Set<Integer> answered = new HashSet<>();
        for (ProbeRow f : fingerprints) {
            byOrd.put(f.ord(), new Read(f.columnSignature(), f.columnHash(), f.columnList(), nowNanos));
            answered.add(f.ord());
        }
        for (Integer ord : asked) {
            if (!answered.contains(ord)) {
                throw new IllegalStateException("table " + plan.tables().get(ord).spec().displayName()
                        + " gave no column fingerprint: it no longer exists");
            }
        }
        List<ProbeRow> rows = new ArrayList<>(probed.size());
        for (ProbeRow row : probed) {
            Read read = byOrd.get(row.ord());
            rows.add(read == null ? row : row.withColumns(read.hash(), read.columns()));
        }
        return rows;
    }
}
