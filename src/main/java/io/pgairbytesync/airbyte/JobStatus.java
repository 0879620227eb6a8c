package io.pgairbytesync.airbyte;

import java.util.Locale;

/**
 * Airbyte's {@code JobStatusEnum}, plus {@link #UNKNOWN} for a value this version does not know (a newer server may
 * add one: it must never crash the follow-up, which keeps waiting on it). Only {@link #isFinal() succeeded, failed
 * and cancelled} end a job; {@code incomplete} means an attempt failed and Airbyte tries again.
 */
public enum JobStatus {
    PENDING, QUEUED, RUNNING, INCOMPLETE, FAILED, SUCCEEDED, CANCELLED, UNKNOWN;

    /** The status Airbyte printed, e.g. {@code "succeeded"}; {@link #UNKNOWN} for null or a value not listed here. */
    public static JobStatus of(String text) {
        if (text != null) {
            for (JobStatus s : values()) {
                if (s != UNKNOWN && s.label().equals(text)) {
                    return s;
                }
            }
        }
        return UNKNOWN;
    }

    /** As Airbyte writes it: {@code succeeded}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
