package io.pgairbytesync.observe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/** The connection blocks of the YAML (routes made from the template {@code airbyte-connection}), as Camel loaded them. */
public class ConnectionBlocks {

    /** One block: its routeId and the template parameters it was given. */
    public record Block(String routeId, String connectionId, String tables, String schedule) {
    }

    private final CamelContext context;

    public ConnectionBlocks(CamelContext context) {
        this.context = context;
    }

    public List<Block> list() {
        List<Block> blocks = new ArrayList<>();
        for (RouteDefinition route : context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            Map<String, Object> p = route.getTemplateParameters();
            if (p != null && p.get("connectionId") != null) {
                blocks.add(new Block(route.getRouteId(), String.valueOf(p.get("connectionId")), String.valueOf(p.get("tables")),
                        String.valueOf(p.getOrDefault("schedule", ""))));
            }
        }
        blocks.sort(Comparator.comparing(Block::routeId));
        return blocks;
    }

    /** For the split of the connection check: one map per block, with the exchange properties a tick sets. */
    public List<Map<String, String>> asProperties() {
        return list().stream().map(b -> Map.of("routeId", b.routeId(), "connectionId", b.connectionId())).toList();
    }
}
