package io.pgairbytesync.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColumnDiffTest {

    @Test
    void namesAddedRemovedAndRetypedColumns() {
        ColumnDiff diff = ColumnDiff.between("{\"id\": \"integer\", \"qty\": \"integer\", \"legacy\": \"text\"}",
                "{\"id\": \"integer\", \"qty\": \"bigint\", \"discount\": \"numeric(10,2)\"}");
        assertThat(diff.toString()).isEqualTo("added [discount numeric(10,2)], removed [legacy], retyped [qty: integer -> bigint]");
    }

    @Test
    void noDifferenceIsSaid() {
        assertThat(ColumnDiff.between("{\"a\": \"text\"}", "{\"a\": \"text\"}").toString()).isEqualTo("no column difference");
    }
}
