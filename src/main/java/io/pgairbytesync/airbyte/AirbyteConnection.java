package io.pgairbytesync.airbyte;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What this service reads of a {@code ConnectionResponse} ({@code GET /connections/{connectionId}}): where its source
 * and destination are (for the uncached schema discovery), its workspace (for the UI link), whether it takes syncs,
 * and what it does with new columns.
 *
 * @param status                           {@code active}, {@code inactive}, {@code deprecated} or {@code locked}
 * @param nonBreakingSchemaUpdatesBehavior {@code ignore} (the default: new columns never arrive),
 *                                         {@code disable_connection}, {@code propagate_columns} or {@code propagate_fully}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AirbyteConnection(String connectionId, String name, String sourceId, String destinationId, String workspaceId,
        String status, String nonBreakingSchemaUpdatesBehavior) {

    public boolean isActive() {
        return "active".equals(status);
    }

    /** New columns reach the destination only when the policy propagates them. */
    public boolean ignoresNewColumns() {
        return nonBreakingSchemaUpdatesBehavior == null || "ignore".equals(nonBreakingSchemaUpdatesBehavior);
    }
}
