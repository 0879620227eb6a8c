package io.pgairbytesync.probe;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** PostgreSQL identifier rules: what an unquoted name may be, how to quote any name, how long it may be. */
public final class Identifiers {

    /** PostgreSQL keeps at most NAMEDATALEN - 1 = 63 bytes of an identifier and silently cuts the rest. */
    public static final int MAX_BYTES = 63;

    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");
    private static final Pattern UNQUOTED_INPUT = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private Identifiers() {
    }

    /** Whether {@code text} may be written without quotes in YAML (before PostgreSQL's lower-case folding). */
    static boolean isValidUnquoted(String text) {
        return UNQUOTED_INPUT.matcher(text).matches();
    }

    /** Double-quotes an identifier for SQL text, doubling any embedded double quote. */
    public static String quote(String identifier) {
        checkStorable(identifier);
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A single-quoted SQL string literal (standard_conforming_strings is on in every supported PostgreSQL). */
    public static String literal(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("text contains a NUL character");
        }
        return "'" + text.replace("'", "''") + "'";
    }

    /** The name as a person would type it in psql: bare when PostgreSQL needs no quotes, quoted otherwise. */
    public static String display(String identifier) {
        return PLAIN.matcher(identifier).matches() ? identifier : '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static void checkStorable(String identifier) {
        if (identifier.isEmpty()) {
            throw new IllegalArgumentException("empty identifier");
        }
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        int bytes = identifier.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("identifier " + display(identifier) + " is " + bytes
                    + " bytes long; PostgreSQL identifiers are at most " + MAX_BYTES + " bytes");
        }
    }
}
