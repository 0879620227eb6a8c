package io.pgairbytesync.cdc;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pgairbytesync.config.ConfigurationError;

/** A size of WAL as a person writes it ({@code 1GB}, {@code 500MB}, {@code 64kB}, a whole number of bytes) and shows it. */
public final class WalSize {

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})\\s*(B|KB|MB|GB|TB)?");

    private WalSize() {
    }

    /**
     * The size in bytes; a {@link ConfigurationError} naming {@code what} and the fix when the text is not a size of at
     * least 1 MB (below that, each tick's own writes elsewhere would start syncs).
     */
    public static long parse(String what, String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.trim().toUpperCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "B" : m.group(2);
            int shift = switch (unit) {
                case "KB" -> 10;
                case "MB" -> 20;
                case "GB" -> 30;
                case "TB" -> 40;
                default -> 0;
            };
            if (n <= (Long.MAX_VALUE >> shift) && (n << shift) >= 1L << 20) {
                return n << shift;
            }
        }
        throw new ConfigurationError(what + " '" + text + "' is not a size of WAL of at least 1MB. Fix: write it as a whole"
                + " number with a unit, e.g. 1GB, 500MB or 2TB (a number alone is bytes).");
    }

    /** {@code 1.2 GB}, {@code 640 MB}, {@code 12 kB}, {@code 80 B}. */
    public static String show(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
