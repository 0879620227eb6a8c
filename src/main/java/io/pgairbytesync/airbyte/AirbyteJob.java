package io.pgairbytesync.airbyte;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A {@code JobResponse} of the public API ({@code POST /jobs}, {@code GET /jobs/{jobId}}, an element of
 * {@code GET /jobs}). The server sends {@code jobId} (the spec's examples show {@code id}); {@code startTime} is the
 * job's creation time. {@code statusText} keeps what Airbyte wrote, so a status this version does not know is recorded
 * as it was sent.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AirbyteJob(Long jobId, @JsonProperty("status") String statusText, String jobType, String startTime,
        String connectionId, Long rowsSynced, Long bytesSynced) {

    public JobStatus status() {
        return JobStatus.of(statusText);
    }

    /** A sync job (a job without a type counts as one: older servers omit it in lists). */
    public boolean isSync() {
        return jobType == null || "sync".equals(jobType);
    }
}
