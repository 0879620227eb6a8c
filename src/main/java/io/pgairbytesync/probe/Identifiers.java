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

    /**
     * A single-quoted SQL string literal. It reads as written only with standard_conforming_strings=on (the default,
     * but a role, a database or a session may turn it off; then a backslash in it is an escape): for text that may
     * hold a backslash, use {@link #dollarQuoted(String)}.
     */
    public static String literal(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("text contains a NUL character");
        }
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * A dollar-quoted SQL string constant ({@code $n$text$n$}, the tag chosen so that it does not occur in the text).
     * Nothing inside it is an escape, so it reads the same whatever standard_conforming_strings, backslash_quote or
     * escape_string_warning say: the probe puts table names into SQL text this way.
     */
    public static String dollarQuoted(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("text contains a NUL character");
        }
        String tag = "$n$";
        // the constant ends at the first tag after the opening one: that must be the closing tag, not one inside the text
        // nor one made of the text's last characters and the closing tag's first
        for (int i = 1; (text + tag).indexOf(tag) != text.length(); i++) {
            tag = "$n" + i + "$";
        }
        return tag + text + tag;
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
