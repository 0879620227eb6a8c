package io.pgairbytesync.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class DecisionTest {

    private static String names(int count) {
        return IntStream.range(0, count).mapToObj(i -> "public.t" + i).collect(Collectors.joining(", "));
    }

    private static Decision of(DecisionKind kind, String tableNames) {
        return new Decision(kind, null, List.of(), List.of(), 7L, "[]", tableNames, null);
    }

    @Test
    void aBlockOfUpToTenTablesIsNamedInFull() {
        assertThat(of(DecisionKind.UNCHANGED, names(10)).describe()).isEqualTo("unchanged " + names(10));
    }

    @Test
    void aBigBlockNamesItsFirstTablesAndTheCountSoAnUnchangedLineStaysShort() {
        String line = of(DecisionKind.UNCHANGED, names(1000)).describe();
        assertThat(line).isEqualTo("unchanged " + names(10) + " and 990 more (1000 tables)");
        assertThat(of(DecisionKind.JOB_IN_FLIGHT, names(11)).describe())
                .isEqualTo("job-in-flight job 7 not finished; " + names(10) + " and 1 more (11 tables) re-evaluated after it ends");
    }

    @Test
    void thePendingValuesStillNameEveryTable() {
        assertThat(of(DecisionKind.UNCHANGED, names(1000)).pendingFor(7, null).tableNames()).isEqualTo(names(1000));
    }
}
