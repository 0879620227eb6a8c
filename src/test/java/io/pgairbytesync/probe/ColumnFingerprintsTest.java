package io.pgairbytesync.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ColumnFingerprintsTest {

    private static final ProbePlan PLAN = new ProbePlan("orders-to-bigquery", "9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11",
            List.of(new ProbePlan.PlannedTable(new TableSpec("public", "orders", "updated_at"), "timestamptz"),
                    new ProbePlan.PlannedTable(new TableSpec("public", "customers", "updated_at"), "timestamptz")),
            "SELECT ...");

    private static ProbeRow probed(int ord, String signature) {
        return new ProbeRow(ord, "2026-11-27T10:00:00.000000Z", signature, null, null, null);
    }

    private static ProbeRow read(int ord, String signature, String hash) {
        return new ProbeRow(ord, null, signature, hash, "{\"id\": \"" + hash + "\"}", null);
    }

    @Test
    void aFingerprintIsReusedWhileItsTableSignatureIsTheOneItWasReadWith() {
        ColumnFingerprints fingerprints = new ColumnFingerprints();
        List<Integer> unknown = new ArrayList<>();
        List<ProbeRow> first = fingerprints.complete(List.of(probed(0, "11"), probed(1, "22")), unknown, 0);
        assertThat(unknown).as("nothing read yet").containsExactly(0, 1);
        assertThat(first).extracting(ProbeRow::columnHash).containsOnlyNulls();

        List<ProbeRow> completed = fingerprints.remember(first, List.of(read(0, "11", "h-orders"), read(1, "22", "h-customers")),
                unknown, PLAN, 0);
        assertThat(completed).extracting(ProbeRow::columnHash).containsExactly("h-orders", "h-customers");
        assertThat(completed).extracting(ProbeRow::maxCursor).as("the probe's own values stay")
                .containsOnly("2026-11-27T10:00:00.000000Z");

        unknown.clear();
        List<ProbeRow> later = fingerprints.complete(List.of(probed(0, "11"), probed(1, "23")), unknown, 1_000_000_000L);
        assertThat(unknown).as("only the table whose signature moved is read again").containsExactly(1);
        assertThat(later.get(0).columnHash()).isEqualTo("h-orders");
        assertThat(later.get(0).columnList()).isEqualTo("{\"id\": \"h-orders\"}");
        assertThat(later.get(1).columnHash()).isNull();
    }

    @Test
    void aFingerprintAnHourOldIsReadAgainEvenWithTheSameSignature() {
        ColumnFingerprints fingerprints = new ColumnFingerprints();
        List<Integer> unknown = new ArrayList<>(List.of(0));
        fingerprints.remember(List.of(probed(0, "11")), List.of(read(0, "11", "h")), unknown, PLAN, 0);
        long hour = ColumnFingerprints.READ_AGAIN_AFTER.toNanos();

        unknown.clear();
        fingerprints.complete(List.of(probed(0, "11")), unknown, hour - 1);
        assertThat(unknown).isEmpty();
        fingerprints.complete(List.of(probed(0, "11")), unknown, hour);
        assertThat(unknown).as("a type renamed in place moves no signature: read again after an hour").containsExactly(0);
    }

    @Test
    void aTableAskedForThatGivesNoFingerprintIsNamed() {
        ColumnFingerprints fingerprints = new ColumnFingerprints();
        assertThatThrownBy(() -> fingerprints.remember(List.of(probed(0, "11"), probed(1, "22")), List.of(read(0, "11", "h")),
                List.of(0, 1), PLAN, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("public.customers")
                .hasMessageContaining("no longer exists");
    }
}
