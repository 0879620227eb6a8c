package io.pgairbytesync.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The few statements the service runs outside a route (before the routes exist, or as a pool's session set-up): like
 * every other statement, each is a file of {@code queries/}, read here as text. Lines starting with {@code --} are
 * comments (as camel-sql reads its files); {@code {{key}}} is replaced by a value the caller has validated and quoted.
 */
final class Queries {

    private Queries() {
    }

    /** The statement of {@code queries/<name>.sql}, comments left out. */
    static String text(String name) {
        return String.join("\n", statements(name, Map.of()));
    }

    /** The statements of {@code queries/<name>.sql}, one per line, with each {@code {{key}}} replaced by its value. */
    static List<String> statements(String name, Map<String, String> values) {
        String text;
        try (InputStream in = Queries.class.getResourceAsStream("/queries/" + name + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("queries/" + name + ".sql is not in the jar: rebuild it with mvn package");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> statements = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String statement = line.strip();
            if (statement.isEmpty() || statement.startsWith("--")) {
                continue;
            }
            for (Map.Entry<String, String> v : values.entrySet()) {
                statement = statement.replace("{{" + v.getKey() + "}}", v.getValue());
            }
            if (statement.contains("{{")) {
                throw new IllegalStateException("queries/" + name + ".sql: no value for " + statement);
            }
            statements.add(statement);
        }
        return statements;
    }
}
