package io.pgairbytesync.tick;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The Quartz threads follow the blocks and their schedules (QUARTZ_THREADS overrides), and so does what the pools read. */
class TickThreadsTest {

    @Test
    void enoughForTheBlocksDueInTheBusiestSecondPlusTwo() {
        TickThreads threads = new TickThreads(0);
        Properties quartz = new Properties();
        threads.sizes(quartz);
        // 12 blocks every second, 3 more at second 7: second 7 is the busiest with 15
        for (int b = 0; b < 12; b++) {
            threads.add("every-second-" + b, "every-second-" + b, "* * * * * ?");
        }
        for (int b = 0; b < 3; b++) {
            threads.add("at-7-" + b, "at-7-" + b, "7 */5 * * * ?");
        }
        assertThat(threads.busiestCount()).isEqualTo(15);
        assertThat(threads.busiestSeconds()).containsExactly(7);
        assertThat(threads.count()).isEqualTo(15 + 2);
        assertThat(threads.ticksAtOnce()).isEqualTo(threads.count());
        assertThat(quartz.getProperty("org.quartz.threadPool.threadCount")).isEqualTo("17");
        assertThat(threads.warning()).isNull();
        assertThat(threads.describe()).isEqualTo("Quartz threads: 17 (from the schedules: at most 15 of 15 block(s) due in one"
                + " second (second(s) [7]), + 2, at least 4, at most 50)");
    }

    @Test
    void blocksOnTheDefaultNeedFewThreadsWhereTheSameBlocksAtSecondZeroNeedMany() {
        TickThreads spread = new TickThreads(0);
        TickThreads atZero = new TickThreads(0);
        for (int b = 0; b < 100; b++) {
            spread.add("scale-" + b, "scale-" + b, "H * * * * ?");
            atZero.add("scale-" + b, "scale-" + b, "0 * * * * ?");
        }
        assertThat(spread.count()).isEqualTo(spread.busiestCount() + 2).isLessThanOrEqualTo(10);
        assertThat(spread.warning()).isNull();
        // 100 blocks in one second: bounded, and the start-up says why some wait
        assertThat(atZero.count()).isEqualTo(50);
        assertThat(atZero.warning()).startsWith("100 connection blocks can be due in the same second (second(s) [0] of the"
                + " minute) but there are 50 Quartz threads").contains("Fix: let the blocks spread over the minute with schedule"
                + " 'H * * * * ?'");
    }

    @Test
    void aFewBlocksGetTheFloorAndTheOverrideWins() {
        TickThreads one = new TickThreads(0);
        assertThat(one.count()).isEqualTo(4);
        one.add("orders", "orders", "H * * * * ?");
        assertThat(one.count()).isEqualTo(4);

        TickThreads fixed = new TickThreads(3);
        Properties quartz = new Properties();
        fixed.sizes(quartz);
        for (int b = 0; b < 10; b++) {
            fixed.add("b" + b, "b" + b, "0 * * * * ?");
        }
        assertThat(fixed.count()).isEqualTo(3);
        assertThat(quartz.getProperty("org.quartz.threadPool.threadCount")).isEqualTo("3");
        assertThat(fixed.describe()).isEqualTo("Quartz threads: 3 (QUARTZ_THREADS)");
        assertThat(fixed.warning()).contains("10 connection blocks can be due in the same second").endsWith("or raise QUARTZ_THREADS.");
    }

    @Test
    void aBlockIsCountedWithItsResolvedSchedule() {
        TickThreads threads = new TickThreads(0);
        assertThat(threads.add("orders", "orders", "H * * * * ?")).isEqualTo(BlockSchedule.resolve("orders", "H * * * * ?"));
        assertThat(threads.busiestSeconds()).containsExactly(BlockSchedule.offset("orders", 60));
    }
}
