package io.pgairbytesync.classify;

/** The ways a tick can take (the content-based router of route classify chooses by it). */
public enum DecisionKind {
    /** Every table's max cursor and column fingerprint equal the synced ones: record the check, nothing else. */
    UNCHANGED("unchanged"),
    /** A table's max cursor (or, with the stats signal, its write counter) moved, or a table is seen first: sync. */
    DATA_CHANGED("data-changed"),
    /** A table's columns were added, removed or retyped: refresh the source schema in Airbyte, then sync. */
    SCHEMA_CHANGED("schema-changed"),
    /** A job of the connection has not finished: wait for it, re-evaluate after it ends. */
    JOB_IN_FLIGHT("job-in-flight");

    private final String label;

    DecisionKind(String label) {
        this.label = label;
    }

    /** As the logs, sync_state.last_decision and the meters write it: {@code data-changed}. */
    public String getLabel() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
