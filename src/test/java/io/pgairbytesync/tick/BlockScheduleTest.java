package io.pgairbytesync.tick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgairbytesync.config.ConfigurationError;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

/** H in a block's schedule: a stable second per block, spread over the minute; an explicit second kept; the cron checked. */
class BlockScheduleTest {

    @Test
    void hIsASecondOfTheMinuteThatDependsOnlyOnTheRouteId() {
        String first = BlockSchedule.resolve("orders-to-bigquery", "H * * * * ?");
        assertThat(first).matches("([0-9]|[1-5][0-9]) \\* \\* \\* \\* \\?");
        assertThat(CronExpression.isValidExpression(first)).isTrue();
        // the same on every call (every start, every instance): nothing but the routeId goes in
        for (int i = 0; i < 5; i++) {
            assertThat(BlockSchedule.resolve("orders-to-bigquery", "  H * * * * ?  ")).isEqualTo(first);
        }
        // the other fields are kept
        String second = first.substring(0, first.indexOf(' '));
        assertThat(BlockSchedule.resolve("orders-to-bigquery", "H */5 8-18 ? * MON-FRI"))
                .isEqualTo(second + " */5 8-18 ? * MON-FRI");
        // the offset key is what counts: a block without a routeId of its own takes its connectionId
        assertThat(BlockSchedule.resolve("route7", "orders-to-bigquery", "H * * * * ?")).isEqualTo(first);
    }

    @Test
    void blocksOnTheDefaultSpreadOverTheMinute() {
        Map<String, Integer> perSecond = new HashMap<>();
        for (int b = 0; b < 100; b++) {
            String cron = BlockSchedule.resolve("scale-" + b, "H * * * * ?");
            perSecond.merge(cron.substring(0, cron.indexOf(' ')), 1, Integer::sum);
        }
        // 100 blocks at second 0 would be one second with 100; hashed, most seconds of the minute are used, none by many
        assertThat(perSecond.size()).as("seconds used").isGreaterThanOrEqualTo(40);
        assertThat(perSecond.values().stream().mapToInt(Integer::intValue).max().getAsInt()).as("most in one second")
                .isLessThanOrEqualTo(8);
        List<String> names = new ArrayList<>();
        for (String name : List.of("orders-to-bigquery", "crm-to-bigquery", "billing", "events", "users")) {
            names.add(BlockSchedule.resolve(name, "H * * * * ?"));
        }
        assertThat(names).as("different routeIds, different seconds").doesNotHaveDuplicates();
    }

    @Test
    void anExplicitSecondIsKeptAsWritten() {
        assertThat(BlockSchedule.resolve("orders-to-bigquery", "0 * * * * ?")).isEqualTo("0 * * * * ?");
        assertThat(BlockSchedule.resolve("orders-to-bigquery", "15,45 */5 * * * ?")).isEqualTo("15,45 */5 * * * ?");
        assertThat(BlockSchedule.resolve("orders-to-bigquery", "* * * * * ?")).isEqualTo("* * * * * ?");
    }

    @Test
    void hSlashNIsEveryNSecondsFromAStableOffsetBelowN() {
        String cron = BlockSchedule.resolve("orders-to-bigquery", "H/10 * * * * ?");
        assertThat(cron).matches("[0-9]/10 \\* \\* \\* \\* \\?");
        assertThat(BlockSchedule.seconds(cron).cardinality()).isEqualTo(6);
        assertThat(BlockSchedule.resolve("orders-to-bigquery", "H/10 * * * * ?")).isEqualTo(cron);
    }

    @Test
    void theCronIsStillCheckedAndHOnlyInTheSecondsField() {
        assertThatThrownBy(() -> BlockSchedule.resolve("orders-to-bigquery", "H 61 * * * ?")).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("connection block 'orders-to-bigquery': schedule '").hasMessageContaining("61 * * * ?")
                .hasMessageContaining("is not a valid Quartz cron. Fix:");
        assertThatThrownBy(() -> BlockSchedule.resolve("orders-to-bigquery", "61 * * * * ?"))
                .hasMessageContaining("is not a valid Quartz cron. Fix:");
        assertThatThrownBy(() -> BlockSchedule.resolve("orders-to-bigquery", "H * *"))
                .hasMessageContaining("is not a valid Quartz cron. Fix:");
        assertThatThrownBy(() -> BlockSchedule.resolve("orders-to-bigquery", "* H * * * ?"))
                .hasMessage("connection block 'orders-to-bigquery': schedule '* H * * * ?' has H outside the seconds field. Fix: H"
                        + " is for the seconds field only (a stable second of the minute for this block), e.g. 'H * * * * ?'"
                        + " (every minute) or 'H */5 * * * ?' (every 5 minutes).");
        assertThatThrownBy(() -> BlockSchedule.resolve("orders-to-bigquery", "H/0 * * * * ?"))
                .hasMessageContaining("seconds field 'H/0' is not H/n with n from 1 to 59. Fix:");
        assertThatThrownBy(() -> BlockSchedule.resolve("orders-to-bigquery", "H/60 * * * * ?"))
                .hasMessageContaining("seconds field 'H/60' is not H/n with n from 1 to 59. Fix:");
        assertThatThrownBy(() -> BlockSchedule.resolve("orders-to-bigquery", "H5 * * * * ?"))
                .hasMessageContaining("seconds field 'H5' is not H, H/n or a Quartz seconds field. Fix:");
    }

    @Test
    void theSecondsAtWhichACronCanBeDue() {
        assertThat(BlockSchedule.seconds("0 * * * * ?")).isEqualTo(bits(0));
        assertThat(BlockSchedule.seconds("* * * * * ?").cardinality()).isEqualTo(60);
        assertThat(BlockSchedule.seconds("0/15 * * * * ?")).isEqualTo(bits(0, 15, 30, 45));
        assertThat(BlockSchedule.seconds("*/20 * * * * ?")).isEqualTo(bits(0, 20, 40));
        assertThat(BlockSchedule.seconds("5-7,30 * * * * ?")).isEqualTo(bits(5, 6, 7, 30));
        assertThat(BlockSchedule.seconds("10-30/10 0 3 * * ?")).isEqualTo(bits(10, 20, 30));
    }

    private static BitSet bits(int... seconds) {
        BitSet b = new BitSet(60);
        for (int s : seconds) {
            b.set(s);
        }
        return b;
    }
}
