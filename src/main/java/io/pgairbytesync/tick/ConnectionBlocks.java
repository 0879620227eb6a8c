package io.pgairbytesync.tick;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;

/**
 * The connection blocks of the YAML, as Camel loaded them (bean {@code connectionBlocks}): every route made from the
 * template {@value #TEMPLATE}. A tick starts here ({@link #newTick}), and the status page, the connection checks and
 * --doctor list the blocks from here.
 */
public class ConnectionBlocks {

    /** The route template every connection block names in {@code routeTemplateRef}. */
    public static final String TEMPLATE = "airbyte-connection";

    /** The bean names of the probe lanes: {@code probeLane0}, {@code probeLane1}, ... */
    public static final String LANE = "probeLane";

    private final CamelContext context;
    private final java.util.function.IntSupplier lanes;
    private volatile Map<String, ConnectionBlock> byRoute;
    private volatile Map<String, String> laneByRoute;

    /** {@code lanes}: how many probe lanes there are (SOURCE_PROBES_AT_ONCE, at most the ticks at once), read once the blocks are loaded. */
    public ConnectionBlocks(CamelContext context, java.util.function.IntSupplier lanes) {
        this.context = context;
        this.lanes = lanes;
    }

    /**
     * The probe lane of a block: the blocks in routeId order, dealt over the lanes in turn, so that each block's probe is
     * prepared in one session only and the lanes are evenly filled.
     */
    public String laneOf(String routeId) {
        Map<String, String> lanesNow = laneByRoute;
        if (lanesNow == null) {
            int count = Math.max(1, lanes.getAsInt());
            Map<String, String> dealt = new java.util.HashMap<>();
            List<ConnectionBlock> all = list();
            for (int i = 0; i < all.size(); i++) {
                dealt.put(all.get(i).routeId(), LANE + (i % count));
            }
            lanesNow = Map.copyOf(dealt);
            laneByRoute = lanesNow;
        }
        String lane = lanesNow.get(routeId);
        return lane == null ? LANE + "0" : lane;
    }

    /** Every block, by routeId. */
    public List<ConnectionBlock> list() {
        return blocks().values().stream().sorted(Comparator.comparing(ConnectionBlock::routeId)).toList();
    }

    /**
     * The Airbyte connection ids of the blocks as a PostgreSQL array literal, {@code {id,id}}, for the statements that
     * read per configured connection (the status page's recent jobs); an id that is not a UUID is left out (its block
     * fails its ticks with the reason).
     */
    public String connectionIdArray() {
        return list().stream().map(ConnectionBlock::uuid).filter(java.util.Objects::nonNull).distinct()
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));
    }

    public ConnectionBlock get(String routeId) {
        ConnectionBlock block = blocks().get(routeId);
        if (block == null) {
            throw new IllegalStateException("no connection block has routeId '" + routeId + "'");
        }
        return block;
    }

    /** The context of a new tick of the block whose Quartz route the exchange came from (first step of route tick). */
    public Tick newTick(Exchange exchange) {
        return tickOf(get(exchange.getFromRouteId()));
    }

    /** One context per block, for the checks that visit every block (Airbyte connection checks, --doctor). */
    public List<Tick> ticks() {
        return list().stream().map(this::tickOf).toList();
    }

    /**
     * One dry-run tick per block that watches tables, for --plan: it probes and classifies, and writes nothing
     * ({@link Tick#isDryRun()}). A block with {@code after} probes nothing: it syncs when its upstream block's sync does.
     */
    public List<Tick> dryRunTicks() {
        return list().stream().filter(block -> !block.isDownstream()).map(block -> {
            Tick tick = tickOf(block);
            tick.markDryRun();
            return tick;
        }).toList();
    }

    /** A tick of the block named, started elsewhere than its Quartz route (an `after` block's sync after its upstream's). */
    public Tick tickOf(String routeId) {
        return tickOf(get(routeId));
    }

    /**
     * The routeIds of the blocks that declare {@code after: <routeId>}, as a PostgreSQL text array literal
     * ({@code {a,b}}, {@code {}} for none): record-job-succeeded.sql writes one sync_after row for each.
     */
    public String downstreamOf(String routeId) {
        return list().stream().filter(b -> routeId != null && routeId.equals(b.after())).map(ConnectionBlock::routeId)
                .map(id -> '"' + id.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));
    }

    private Tick tickOf(ConnectionBlock block) {
        Tick tick = new Tick(block);
        tick.setProbeLane(laneOf(block.routeId()));
        return tick;
    }

    private Map<String, ConnectionBlock> blocks() {
        Map<String, ConnectionBlock> blocks = byRoute;
        if (blocks == null) {
            blocks = read();
            byRoute = blocks;
        }
        return blocks;
    }

    /** Every parameter the block was given as Camel holds them (the template's own and any other), by name. */
    public Map<String, String> parametersOf(String routeId) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        RouteDefinition route = model.getRouteDefinition(routeId);
        Map<String, String> given = new LinkedHashMap<>();
        if (route != null && route.getTemplateParameters() != null) {
            route.getTemplateParameters().forEach((k, v) -> given.put(k, v == null ? null : String.valueOf(v)));
        }
        return given;
    }

    /** The defaults of the template's parameters, by name. */
    public Map<String, String> templateDefaults() {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        Map<String, String> defaults = new LinkedHashMap<>();
        RouteTemplateDefinition template = model.getRouteTemplateDefinition(TEMPLATE);
        if (template != null && template.getTemplateParameters() != null) {
            for (RouteTemplateParameterDefinition p : template.getTemplateParameters()) {
                if (p.getDefaultValue() != null) {
                    defaults.put(p.getName(), p.getDefaultValue());
                }
            }
        }
        return defaults;
    }

    /**
     * The blocks were changed (a reload of the connection YAML added, removed or changed some): read them again. The
     * blocks that stay keep their probe lane; an added block goes to the lane with the fewest blocks.
     */
    public synchronized void refresh() {
        Map<String, String> lanesBefore = laneByRoute;
        byRoute = null;
        if (lanesBefore == null) {
            return; // dealt at the first lookup
        }
        int count = Math.max(1, lanes.getAsInt());
        Map<String, String> dealt = new java.util.HashMap<>();
        int[] filled = new int[count];
        List<ConnectionBlock> all = list();
        for (ConnectionBlock block : all) {
            String lane = lanesBefore.get(block.routeId());
            if (lane != null) {
                dealt.put(block.routeId(), lane);
                int n = Integer.parseInt(lane.substring(LANE.length()));
                if (n < count) {
                    filled[n]++;
                }
            }
        }
        for (ConnectionBlock block : all) {
            if (!dealt.containsKey(block.routeId())) {
                int least = 0;
                for (int i = 1; i < count; i++) {
                    if (filled[i] < filled[least]) {
                        least = i;
                    }
                }
                filled[least]++;
                dealt.put(block.routeId(), LANE + least);
            }
        }
        laneByRoute = Map.copyOf(dealt);
    }

    private Map<String, ConnectionBlock> read() {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        Map<String, String> defaults = templateDefaults();
        Map<String, ConnectionBlock> blocks = new LinkedHashMap<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            Map<String, Object> p = route.getTemplateParameters();
            if (p != null && p.get("connectionId") != null) {
                blocks.put(route.getRouteId(), ConnectionBlock.of(route.getRouteId(), p, defaults));
            }
        }
        return Map.copyOf(blocks);
    }

}
