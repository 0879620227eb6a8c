package io.pgairbytesync.reload;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * The {@code file:} entries of CAMEL_MAIN_ROUTESINCLUDEPATTERN (a plain path, or a path whose file name has wildcards),
 * their content hashes (an editor that replaces the file, or a save within the same second, changes the content, not
 * always the date), and their blocks as Camel's own YAML loader reads them, without adding anything to Camel.
 * {@code classpath:} entries are in the jar and never change.
 */
public final class ConnectionFiles {

    private final CamelContext context;
    private final List<String> entries;

    public ConnectionFiles(CamelContext context, String includePattern) {
        this.context = context;
        List<String> files = new ArrayList<>();
        for (String entry : includePattern == null ? new String[0] : includePattern.split(",")) {
            String e = entry.trim();
            if (e.startsWith("file:")) {
                files.add(e.substring("file:".length()));
            }
        }
        this.entries = List.copyOf(files);
    }

    /** Whether the pattern names any file on this host to watch. */
    public boolean any() {
        return !entries.isEmpty();
    }

    /**
     * A file named without wildcards that is gone, or a watched file with nothing in it: never read as "no blocks" (an
     * editor between deleting and writing, or truncating and writing), so the running blocks stay. To remove every
     * block, write {@code []}.
     */
    public List<BlockProblem> missingOrEmpty() throws IOException {
        List<BlockProblem> problems = new ArrayList<>();
        for (String entry : entries) {
            if (firstWildcard(entry) < 0 && !Files.isRegularFile(Path.of(entry))) {
                problems.add(new BlockProblem(entry, null, "the file is gone. Fix: put the connection file back (or change"
                        + " CAMEL_MAIN_ROUTESINCLUDEPATTERN and restart)"));
            }
        }
        for (Path file : files()) {
            if (Files.readString(file).isBlank()) {
                problems.add(new BlockProblem(file.toString(), null, "the file is empty. Fix: write its blocks back; to remove"
                        + " every block, write []"));
            }
        }
        return problems;
    }

    /** The watched files that exist now, each with the SHA-256 of its content, in path order. */
    public Map<Path, String> hashes() throws IOException {
        Map<Path, String> hashes = new TreeMap<>();
        for (Path file : files()) {
            hashes.put(file, sha256(Files.readAllBytes(file)));
        }
        return hashes;
    }

    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String entry : entries) {
            int wildcard = firstWildcard(entry);
            if (wildcard < 0) {
                Path file = Path.of(entry);
                if (Files.isRegularFile(file)) {
                    files.add(file);
                }
                continue;
            }
            int slash = entry.lastIndexOf('/', wildcard);
            Path dir = Path.of(slash <= 0 ? (slash == 0 ? "/" : ".") : entry.substring(0, slash));
            PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + entry.substring(slash + 1));
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> listed = Files.list(dir)) {
                listed.filter(p -> Files.isRegularFile(p) && glob.matches(p.getFileName())).sorted().forEach(files::add);
            }
        }
        return files;
    }

    private static int firstWildcard(String path) {
        int star = path.indexOf('*');
        int question = path.indexOf('?');
        return star < 0 ? question : question < 0 ? star : Math.min(star, question);
    }

    /**
     * Every {@code templatedRoute} of the files, read by Camel's YAML loader (the same reading as at start-up) into
     * definitions that are not added to Camel, with the template's defaults filled in. A file Camel cannot read gives
     * its problem instead.
     */
    public List<LoadedBlock> read(Iterable<Path> files, Map<String, String> templateDefaults, List<BlockProblem> problems) {
        List<LoadedBlock> blocks = new ArrayList<>();
        for (Path file : files) {
            try {
                blocks.addAll(read(file, templateDefaults));
            } catch (Exception e) {
                Throwable cause = e;
                while (cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                String message = String.valueOf(cause.getMessage()).replaceAll("\\s+", " ").trim();
                problems.add(new BlockProblem(file.toString(), null, "Camel cannot read it as route YAML: " + message
                        + ". Fix: correct the YAML (a list of '- templatedRoute:' blocks, as in examples/connections.yaml)."));
            }
        }
        return blocks;
    }

    private List<LoadedBlock> read(Path file, Map<String, String> templateDefaults) throws Exception {
        Resource resource = PluginHelper.getResourceLoader(context).resolveResource("file:" + file);
        List<LoadedBlock> blocks = new ArrayList<>();
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(List.of(resource))) {
            if (!(builder instanceof RouteBuilder routes)) {
                continue;
            }
            routes.setCamelContext(context);
            routes.configure();
            for (TemplatedRouteDefinition t : routes.getTemplatedRouteCollection().getTemplatedRoutes()) {
                Map<String, String> parameters = new LinkedHashMap<>();
                if (t.getParameters() != null) {
                    for (TemplatedRouteParameterDefinition p : t.getParameters()) {
                        parameters.put(p.getName(), p.getValue() == null ? null : context.resolvePropertyPlaceholders(p.getValue()));
                    }
                }
                String routeId = t.getRouteId() == null ? null : context.resolvePropertyPlaceholders(t.getRouteId());
                blocks.add(LoadedBlock.of(file.toString(), routeId, t.getRouteTemplateRef(), parameters, templateDefaults)
                        .withDefinition(t));
            }
        }
        return blocks;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
