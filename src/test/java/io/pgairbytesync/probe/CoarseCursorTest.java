package io.pgairbytesync.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which cursor types are coarse (CoarseCursor): decided from the catalog's base type and type modifier. */
class CoarseCursorTest {

    private static final TableSpec DAILY = new TableSpec("public", "daily", "day");

    private static CoarseCursor of(String base, Integer typmod, String type) {
        Map<String, Object> row = new HashMap<>();
        row.put("cursor_base_type", base);
        row.put("cursor_typmod", typmod);
        row.put("cursor_type", type);
        return CoarseCursor.of(DAILY, row);
    }

    @Test
    void aDateAndTimestampsOfPrecisionZeroToTwoAreCoarse() {
        assertThat(of("date", -1, "date").unit()).isEqualTo("a day");
        assertThat(of("timestamptz", 0, "timestamp(0) with time zone").unit()).isEqualTo("a second");
        assertThat(of("timestamp", 0, "timestamp(0) without time zone").unit()).isEqualTo("a second");
        assertThat(of("timestamptz", 1, "timestamp(1) with time zone").unit()).isEqualTo("0.1 s");
        assertThat(of("timestamp", 2, "timestamp(2) without time zone").unit()).isEqualTo("0.01 s");
    }

    @Test
    void millisecondsAndFinerIntegersAndNumericsAreNot() {
        for (int precision = 3; precision <= 6; precision++) {
            assertThat(of("timestamptz", precision, "timestamptz(" + precision + ")")).as("precision " + precision).isNull();
        }
        assertThat(of("timestamptz", -1, "timestamp with time zone")).as("no modifier: 6 digits").isNull();
        assertThat(of("timestamp", null, "timestamp without time zone")).isNull();
        for (String t : new String[] {"int2", "int4", "int8"}) {
            assertThat(of(t, -1, t)).isNull();
        }
        assertThat(of("numeric", 4 + (10 << 16), "numeric(10,0)")).isNull();
    }

    @Test
    void theWarningSaysWhatIsMissedAndTheFix() {
        assertThat(of("date", -1, "date").warning())
                .startsWith("cursor column public.daily.day has type date: max() moves only when the date does, so after"
                        + " the first change of a day no further change that day is seen")
                .contains("Fix: a finer cursor column (timestamptz(6)").contains("'changeSignal: cursor+stats'");
        assertThat(of("timestamptz", 0, "timestamp(0) with time zone").warning())
                .startsWith("cursor column public.daily.day has type timestamp(0) with time zone (values rounded to a second):"
                        + " a change within a second of the max already read does not move max()");
        assertThat(of("date", -1, "date").coveredNote()).contains("the stats signal of this table (write counters) sees"
                + " those changes").doesNotContain("Fix:");
    }
}
