package io.pgairbytesync.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three documents generated from {@link Setting}: the full table of docs/configuration.md, the README's short
 * table of common settings and deploy/pg-airbyte-sync.env.example. Each file keeps its hand-written prose; only the
 * region between its {@code BEGIN GENERATED <name>} and {@code END GENERATED <name>} markers is generated.
 * SettingDocsTest fails when a file drifts from the declaration and says how to regenerate it; so does
 * {@code mvn -B -q compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt && java -cp "target/classes:$(cat target/classpath.txt)" io.pgairbytesync.config.SettingDocs} (rewrites the three files in place).
 */
public final class SettingDocs {

    public static final Path CONFIGURATION = Path.of("docs/configuration.md");
    public static final Path README = Path.of("README.md");
    public static final Path ENV_EXAMPLE = Path.of("deploy/pg-airbyte-sync.env.example");

    static final String WARNING = "from io.pgairbytesync.config.Setting; edit it there, then regenerate"
            + " (docs/configuration.md, \"Changing a setting\")";
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\(([^)]+)\\)");
    private static final int WIDTH = 116;

    private SettingDocs() {
    }

    /** Rewrites the generated regions of the three files under {@code root} (the project directory). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        for (Path file : List.of(CONFIGURATION, README, ENV_EXAMPLE)) {
            Path path = root.resolve(file);
            String now = Files.readString(path);
            String expected = expected(file, now);
            if (!expected.equals(now)) {
                Files.writeString(path, expected);
                System.out.println("regenerated " + file);
            }
        }
    }

    /** What {@code file} (one of the three) should hold: {@code current} with its generated region(s) up to date. */
    public static String expected(Path file, String current) {
        if (file.equals(CONFIGURATION)) {
            return replaceRegion(current, "settings", true, configurationTables());
        } else if (file.equals(README)) {
            return replaceRegion(current, "common-settings", true, readmeTable());
        } else if (file.equals(ENV_EXAMPLE)) {
            return replaceRegion(current, "settings", false, envFile());
        }
        throw new IllegalArgumentException("not a generated document: " + file);
    }

    /** Every setting, one table per section (headings of docs/configuration.md). */
    static String configurationTables() {
        StringBuilder md = new StringBuilder();
        for (Setting.Section section : Setting.Section.values()) {
            md.append("\n### ").append(section.title()).append("\n\n");
            md.append("| variable | default | meaning | accepted |\n|---|---|---|---|\n");
            for (Setting s : Setting.values()) {
                if (s.section() == section) {
                    md.append("| `").append(s.env()).append('`').append(s.secret() ? " (secret)" : "")
                            .append(" | ").append(cell(s.defaultForPeople()))
                            .append(" | ").append(cell(s.description()))
                            .append(" | ").append(cell(s.accepted())).append(" |\n");
                }
            }
        }
        return md.toString().substring(1);
    }

    /** The common settings, for the README (links into docs/). */
    static String readmeTable() {
        StringBuilder md = new StringBuilder("| variable | meaning | default |\n|---|---|---|\n");
        for (Setting s : Setting.values()) {
            if (s.common()) {
                md.append("| `").append(s.env()).append("` | ").append(cell(inDocs(s.description())))
                        .append(s.secret() ? " Secret: never logged." : "")
                        .append(" | ").append(cell(s.defaultForPeople())).append(" |\n");
            }
        }
        return md.toString();
    }

    /** Every variable a user may set, commented out with its default; secrets empty. */
    static String envFile() {
        StringBuilder env = new StringBuilder();
        for (Setting.Section section : Setting.Section.values()) {
            List<Setting> settings = new ArrayList<>();
            for (Setting s : Setting.values()) {
                if (s.section() == section && !s.internal()) {
                    settings.add(s);
                }
            }
            if (settings.isEmpty()) {
                continue;
            }
            env.append("\n# --- ").append(section.title()).append(" ---\n");
            for (Setting s : settings) {
                String text = plain(s.description());
                if (s.secret()) {
                    text += " Secret: never logged.";
                }
                if (s.defaultValue().isEmpty() && !s.secret() && !s.defaultForPeople().equals("empty")) {
                    String people = plain(s.defaultForPeople());
                    text += people.equals("required") ? " Required." : " Default: " + people + ".";
                }
                for (String line : wrap(text, WIDTH - 2)) {
                    env.append("# ").append(line).append('\n');
                }
                env.append("# ").append(s.env()).append('=').append(s.secret() ? "" : s.defaultValue()).append('\n');
            }
        }
        return env.toString().substring(1);
    }

    /**
     * {@code text} with the lines between the markers {@code BEGIN GENERATED name} and {@code END GENERATED name}
     * (HTML comments in Markdown, # comments otherwise) replaced by {@code generated}.
     */
    static String replaceRegion(String text, String name, boolean markdown, String generated) {
        String begin = markdown ? "<!-- BEGIN GENERATED " + name + ": " + WARNING + " -->"
                : "# BEGIN GENERATED " + name + ": " + WARNING;
        String end = markdown ? "<!-- END GENERATED " + name + " -->" : "# END GENERATED " + name;
        String beginPrefix = markdown ? "<!-- BEGIN GENERATED " + name + ":" : "# BEGIN GENERATED " + name + ":";
        int b = text.indexOf(beginPrefix);
        int e = b < 0 ? -1 : text.indexOf(end, b);
        if (b < 0 || e < 0) {
            throw new IllegalStateException("no generated region '" + name + "': put a line starting with '" + beginPrefix
                    + "' and a line '" + end + "' where the generated text goes");
        }
        return text.substring(0, b) + begin + "\n" + generated + (generated.endsWith("\n") ? "" : "\n") + text.substring(e);
    }

    private static String cell(String markdown) {
        return markdown.replace("|", "\\|");
    }

    /** Links of a docs/ text made to work from the project root. */
    private static String inDocs(String markdown) {
        Matcher m = LINK.matcher(markdown);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String target = m.group(2).contains("://") || m.group(2).startsWith("#") ? m.group(2) : "docs/" + m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement("[" + m.group(1) + "](" + target + ")"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Markdown made plain for a comment: no backticks, a link as "text (docs/target)". */
    private static String plain(String markdown) {
        Matcher m = LINK.matcher(markdown);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String target = m.group(2).contains("://") ? m.group(2) : "docs/" + m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + " (" + target + ")"));
        }
        m.appendTail(out);
        return out.toString().replace("`", "");
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
