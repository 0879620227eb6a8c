package io.pgairbytesync.reload;

import java.util.Map;

import io.pgairbytesync.tick.BlockSchedule;
import io.pgairbytesync.tick.ConnectionBlock;
import io.pgairbytesync.tick.ConnectionBlocks;

/**
 * One block of a connection YAML as Camel's YAML loader read it (a {@code templatedRoute}), before anything is built from
 * it: where it is, the parameters as written, and the {@link ConnectionBlock} they make with the template's defaults.
 *
 * @param file        the file it is in (for the error texts), or "the connection YAML" when not known (start-up)
 * @param routeId     its routeId as written, null when it has none
 * @param templateRef its routeTemplateRef
 * @param parameters  the parameters as written (placeholders resolved), by name
 * @param block       the block they make, the template's defaults filled in; its schedule as written (H not resolved)
 * @param definition  Camel's definition of it, to add it with (null for a block read from the running routes)
 */
public record LoadedBlock(String file, String routeId, String templateRef, Map<String, String> parameters,
        ConnectionBlock block, org.apache.camel.model.TemplatedRouteDefinition definition) {

    /** A block from its written parameters, the template's defaults filled in. */
    public static LoadedBlock of(String file, String routeId, String templateRef, Map<String, String> parameters,
            Map<String, String> defaults) {
        return new LoadedBlock(file, routeId, templateRef, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters)),
                ConnectionBlock.of(routeId, parameters, defaults), null);
    }

    LoadedBlock withDefinition(org.apache.camel.model.TemplatedRouteDefinition t) {
        return new LoadedBlock(file, routeId, templateRef, parameters, block, t);
    }

    /** Whether it is a connection block (made from the template {@value ConnectionBlocks#TEMPLATE}). */
    public boolean isConnectionBlock() {
        return ConnectionBlocks.TEMPLATE.equals(templateRef);
    }

    /** The cron Quartz gets ({@link BlockSchedule}); throws the schedule's ConfigurationError when it is not valid. */
    public String resolvedSchedule() {
        return BlockSchedule.resolve(routeId, block.schedule());
    }

    /** The block as it runs: its schedule resolved. */
    public ConnectionBlock resolved() {
        return block.withSchedule(resolvedSchedule());
    }

    /** What names it in an error: the file and the block. */
    public String where() {
        return file + ", block '" + (routeId == null ? "(no routeId)" : routeId) + "'";
    }
}
