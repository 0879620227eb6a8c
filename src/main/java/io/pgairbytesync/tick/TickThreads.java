package io.pgairbytesync.tick;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

import org.slf4j.LoggerFactory;

/**
 * How many ticks can run at once: the Quartz threads, sized from the connection blocks and their schedules as they are
 * loaded (QUARTZ_THREADS overrides it), and the figure the pools are sized from.
 * <p>
 * A tick holds its Quartz thread from its start to its end, and a slot that waits for a thread longer than Quartz's
 * misfire threshold (5 s) is skipped. Each block's seconds field says at which seconds of the minute it can be due;
 * the threads are enough for the blocks due in the busiest second plus {@value #SPARE} for ticks still running from
 * the second before, at least {@value #MIN} and at most {@value #MAX} (so that one instance never opens more sessions
 * than that on the source at once; more blocks in one second wait for each other, and the start-up warns). The job
 * follow-up, the status page, the health checks and the alerts run on threads of their own (Camel timers), not on
 * Quartz's.
 */
public final class TickThreads {

    static final int SPARE = 2;
    static final int MIN = 4;
    static final int MAX = 50;
    /** The most threads QUARTZ_THREADS may ask for (Setting checks it): the most ticks, hence probe lanes, at once. */
    public static final int MOST = 200;
    static final String THREAD_COUNT = "org.quartz.threadPool.threadCount";

    private final int override;
    private final Map<String, BitSet> blocks = new LinkedHashMap<>();
    private Properties quartz;
    private int blocksWhenFirstRead = -1;
    private int countWhenFirstRead = -1;

    /** {@code override}: QUARTZ_THREADS, or 0 for the count from the blocks. */
    public TickThreads(int override) {
        this.override = override;
    }

    /** The Quartz properties the component creates its scheduler from: their thread count follows the blocks from now on. */
    public synchronized void sizes(Properties quartzProperties) {
        this.quartz = quartzProperties;
        quartz.setProperty(THREAD_COUNT, Integer.toString(count()));
    }

    /** A block as it is loaded: its schedule with {@code H} resolved ({@link BlockSchedule}), which Quartz gets. */
    public synchronized String add(String routeId, String offsetKey, String schedule) {
        String cron = BlockSchedule.resolve(routeId, offsetKey, schedule);
        int before = count();
        blocks.put(routeId, BlockSchedule.seconds(cron));
        // a block loaded after the pools were sized (a reload of the connection YAML) that would need more threads: said
        if (blocksWhenFirstRead >= 0 && count() > before && before == countWhenFirstRead) {
            LoggerFactory.getLogger(TickThreads.class).warn("Connection block '{}' was loaded after the pools were sized for {}"
                    + " ticks at once ({} blocks then): the blocks now need {}; restart the service to size them again",
                    routeId, countWhenFirstRead, blocksWhenFirstRead, count());
        }
        if (quartz != null) {
            quartz.setProperty(THREAD_COUNT, Integer.toString(count()));
        }
        return cron;
    }

    /** A block removed by a reload of the connection YAML: no longer counted (the Quartz threads stay as they started). */
    public synchronized void remove(String routeId) {
        blocks.remove(routeId);
    }

    /** The Quartz threads: QUARTZ_THREADS, or the busiest second's blocks + SPARE, within MIN..MAX. */
    public synchronized int count() {
        if (override > 0) {
            return override;
        }
        return Math.max(MIN, Math.min(MAX, busiestCount() + SPARE));
    }

    /** The number of ticks that can run at once (one per Quartz thread): what the pools are sized from. */
    public synchronized int ticksAtOnce() {
        if (blocksWhenFirstRead < 0) {
            blocksWhenFirstRead = blocks.size();
            countWhenFirstRead = count();
        }
        return count();
    }

    /** How many blocks were loaded when {@link #ticksAtOnce()} was first read (the pools were sized); -1: not read yet. */
    public synchronized int blocksWhenFirstRead() {
        return blocksWhenFirstRead;
    }

    public synchronized int blocks() {
        return blocks.size();
    }

    /** The most blocks that can be due in one second of the minute. */
    public synchronized int busiestCount() {
        int[] perSecond = perSecond();
        int most = 0;
        for (int n : perSecond) {
            most = Math.max(most, n);
        }
        return most;
    }

    /** The seconds of the minute where the most blocks can be due (empty without blocks). */
    public synchronized TreeSet<Integer> busiestSeconds() {
        int[] perSecond = perSecond();
        int most = busiestCount();
        TreeSet<Integer> seconds = new TreeSet<>();
        for (int s = 0; most > 0 && s < 60; s++) {
            if (perSecond[s] == most) {
                seconds.add(s);
            }
        }
        return seconds;
    }

    private int[] perSecond() {
        int[] perSecond = new int[60];
        for (BitSet due : blocks.values()) {
            for (int s = due.nextSetBit(0); s >= 0; s = due.nextSetBit(s + 1)) {
                perSecond[s]++;
            }
        }
        return perSecond;
    }

    /** The start-up's line about the threads; a warning when more blocks can be due in one second than there are threads. */
    public synchronized String describe() {
        String busiest = blocks.isEmpty() ? "no blocks"
                : "at most " + busiestCount() + " of " + blocks.size() + " block(s) due in one second (second(s) " + busiestSeconds() + ")";
        return "Quartz threads: " + count() + (override > 0 ? " (QUARTZ_THREADS)" : " (from the schedules: " + busiest
                + ", + " + SPARE + ", at least " + MIN + ", at most " + MAX + ")");
    }

    /** Null when every block due in the busiest second gets a thread at once. */
    public synchronized String warning() {
        int most = busiestCount();
        if (most <= count()) {
            return null;
        }
        return most + " connection blocks can be due in the same second (second(s) " + busiestSeconds() + " of the minute) but"
                + " there are " + count() + " Quartz threads: the others wait for a free thread, and a slot that waits more than"
                + " 5 s is skipped. Fix: let the blocks spread over the minute with schedule 'H * * * * ?' (the default: a stable"
                + " second per block) instead of an explicit second" + (override > 0 ? ", or raise QUARTZ_THREADS." : ".");
    }
}
