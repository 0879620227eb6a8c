package io.pgairbytesync.airbyte;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A {@code JobsResponse} of {@code GET /jobs}: one page of jobs ({@code next}/{@code previous} links are not followed). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AirbyteJobList(List<AirbyteJob> data) {

    public List<AirbyteJob> jobs() {
        return data == null ? List.of() : data;
    }
}
