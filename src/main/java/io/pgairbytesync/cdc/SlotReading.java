package io.pgairbytesync.cdc;

/**
 * What one tick of a CDC block read of its replication slot (queries/cdc-slot.sql, catalog only).
 *
 * @param slot                the slot's name
 * @param active              whether a reader holds the slot now (Airbyte's sync reading the changes)
 * @param walStatus           pg_replication_slots.wal_status: {@code reserved} (within max_wal_size), {@code extended},
 *                            {@code unreserved} (about to be lost), {@code lost}; null when the slot has no WAL reserved
 * @param retainedBytes       the WAL the slot holds back: pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn); 0 when
 *                            the slot has no restart_lsn
 * @param limitBytes          the block's limit (walLimit, else CDC_WAL_LIMIT)
 * @param stillAboveAfterJob  the WAL sync that succeeded and left the slot above its limit (the WAL guard alerts), or
 *                            null
 */
public record SlotReading(String slot, boolean active, String walStatus, long retainedBytes, long limitBytes,
        Long stillAboveAfterJob) {

    /** Whether the slot holds back more WAL than the block's limit. */
    public boolean isOverLimit() {
        return retainedBytes > limitBytes;
    }

    /** Whether the WAL guard wants a sync: over the limit, or a wal_status other than {@code reserved}. */
    public boolean isNeedingSync() {
        return isOverLimit() || (walStatus != null && !"reserved".equals(walStatus));
    }

    /** Why the WAL guard syncs, for the decision line: {@code replication slot 'airbyte_slot' holds back 1.2 GB ...}. */
    public String describe() {
        String held = "replication slot '" + slot + "' holds back " + WalSize.show(retainedBytes) + " of WAL";
        if (isOverLimit()) {
            return held + ", above its limit of " + WalSize.show(limitBytes) + " (wal_status " + walStatus + ")";
        }
        return held + " and its wal_status is '" + walStatus + "', not 'reserved'";
    }

    /** The WAL sync {@code jobId} succeeded and the slot is still above its limit (or not reserved). */
    public SlotReading stillAboveAfter(long jobId) {
        return new SlotReading(slot, active, walStatus, retainedBytes, limitBytes, jobId);
    }
}
