package io.pgairbytesync.tick;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.zip.CRC32;

import io.pgairbytesync.config.ConfigurationError;

/**
 * A connection block's schedule: its Quartz cron, where the seconds field may be {@code H} ("hashed").
 * <p>
 * {@code H} in the seconds field is a stable second of the minute taken from the block's routeId: the CRC-32 of the
 * routeId's UTF-8 bytes, modulo 60. It is the same on every start and on every instance of a cluster (it depends on
 * nothing but the routeId), and different routeIds land on different seconds, so blocks on the default schedule
 * ({@code H * * * * ?}, every minute) spread over the minute instead of all ticking at second 0. {@code H/n} (n from 1
 * to 59) is every n seconds from a stable offset below n (the CRC-32 modulo n). An explicit seconds field ({@code 0},
 * {@code 15,45}, {@code *}) is kept as written. {@code H} is accepted in the seconds field only.
 */
public final class BlockSchedule {

    private BlockSchedule() {
    }

    /** The cron Quartz gets: {@code H} in the seconds field replaced by the block's second; checked like any cron. */
    public static String resolve(String routeId, String schedule) {
        return resolve(routeId, routeId, schedule);
    }

    /** The same, the offset taken from {@code offsetKey} (the connectionId of a block without a routeId of its own). */
    public static String resolve(String routeId, String offsetKey, String schedule) {
        String cron = schedule == null ? "" : schedule.trim();
        String[] fields = cron.split("\\s+");
        String seconds = fields[0];
        for (int i = 1; i < fields.length; i++) {
            if (fields[i].equals("H") || fields[i].startsWith("H/")) {
                throw new ConfigurationError("connection block '" + routeId + "': schedule '" + schedule + "' has H outside the"
                        + " seconds field. Fix: H is for the seconds field only (a stable second of the minute for this block),"
                        + " e.g. 'H * * * * ?' (every minute) or 'H */5 * * * ?' (every 5 minutes).");
            }
        }
        if (seconds.equals("H")) {
            fields[0] = Integer.toString(offset(offsetKey, 60));
        } else if (seconds.startsWith("H/")) {
            String step = seconds.substring(2);
            if (!step.matches("[0-9]{1,2}") || Integer.parseInt(step) < 1 || Integer.parseInt(step) > 59) {
                throw new ConfigurationError("connection block '" + routeId + "': schedule '" + schedule + "': seconds field '"
                        + seconds + "' is not H/n with n from 1 to 59. Fix: e.g. 'H/10 * * * * ?' (every 10 seconds from a"
                        + " stable offset) or 'H * * * * ?' (every minute).");
            }
            int n = Integer.parseInt(step);
            fields[0] = offset(offsetKey, n) + "/" + n;
        } else if (seconds.contains("H")) {
            throw new ConfigurationError("connection block '" + routeId + "': schedule '" + schedule + "': seconds field '"
                    + seconds + "' is not H, H/n or a Quartz seconds field. Fix: 'H * * * * ?' (every minute, at a stable"
                    + " second of this block) or an explicit second such as '0 * * * * ?'.");
        }
        String resolved = String.join(" ", fields);
        StartupTicks.checkCron(routeId, resolved);
        return resolved;
    }

    /** The block's stable offset below {@code modulo}: CRC-32 of the routeId's UTF-8 bytes. */
    static int offset(String routeId, int modulo) {
        CRC32 crc = new CRC32();
        crc.update(routeId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % modulo);
    }

    /**
     * The seconds of the minute at which {@code cron} (resolved) can fire, from its seconds field: {@code *}, {@code n},
     * {@code a-b}, {@code x/n}, {@code a-b/n} and lists of them. Every other field is ignored (a block every 5 minutes
     * counts in every minute), so the count of blocks due in one second is an upper bound.
     */
    public static BitSet seconds(String cron) {
        BitSet due = new BitSet(60);
        String field = cron.trim().split("\\s+")[0];
        for (String part : field.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), 1);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = 0;
                to = 59;
            } else if (range.contains("-")) {
                from = number(range.substring(0, range.indexOf('-')), 0);
                to = number(range.substring(range.indexOf('-') + 1), 59);
            } else {
                from = number(range, 0);
                to = slash >= 0 ? 59 : from;
            }
            if (from > to || step < 1) { // a wrapping range or an odd step: counted as every second, to be safe
                from = 0;
                to = 59;
                step = 1;
            }
            for (int s = from; s <= Math.min(to, 59); s += step) {
                due.set(s);
            }
        }
        return due;
    }

    private static int number(String text, int otherwise) {
        return text.matches("[0-9]{1,2}") ? Integer.parseInt(text) : otherwise;
    }
}
