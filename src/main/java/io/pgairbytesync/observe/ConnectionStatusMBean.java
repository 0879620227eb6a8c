package io.pgairbytesync.observe;

/** What an operator asks first about a connection, as a JMX MBean ({@code pg-airbyte-sync:type=Connection,name=<routeId>}). */
public interface ConnectionStatusMBean {

    String getConnectionId();

    String getLastDecision();

    String getLastDecisionAt();

    /** {@code public.orders=2026-11-24T10:00:01.123456Z; public.customers=...}: the synced max cursor per table. */
    String getSyncedCursors();

    long getPendingJobId();

    long getPendingJobAgeSeconds();

    long getLastJobId();

    String getLastJobStatus();

    int getConsecutiveFailures();

    String getLastError();

    /** MAX_CONCURRENT_SYNCS: the place of the connection's sync in line (1 = next), 0 when not queued. */
    int getQueuePosition();

    /** Seconds since the last successful sync (never synced: since the service first saw the connection). */
    long getSecondsSinceLastSync();

    /** A CDC block: its replication slot ("" for other blocks). */
    String getSlot();

    /** A CDC block: the WAL its slot holds back at the last tick, bytes (-1 for other blocks). */
    long getSlotRetainedBytes();

    /** A CDC block: its slot's wal_status at the last tick (reserved, extended, unreserved, lost; "" for other blocks). */
    String getSlotWalStatus();
}
