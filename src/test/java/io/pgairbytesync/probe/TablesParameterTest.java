package io.pgairbytesync.probe;

import io.pgairbytesync.config.ConfigurationError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class TablesParameterTest {

    private static List<TableSpec> parse(String tables) {
        return TablesParameter.parse("orders-to-bigquery", tables, "updated_at");
    }

    @Test
    void schemaDefaultsToPublicAndCursorToTheConnectionDefault() {
        assertThat(parse("public.orders, customers:modified_at")).containsExactly(
                new TableSpec("public", "orders", "updated_at"), new TableSpec("public", "customers", "modified_at"));
    }

    @Test
    void plainNamesFoldToLowerCaseAndQuotedNamesKeepTheirs() {
        assertThat(parse("Sales.Orders, \"Sales\".\"Order Lines\":\"ChangedAt\", \"a\"\"b\"")).containsExactly(
                new TableSpec("sales", "orders", "updated_at"), new TableSpec("Sales", "Order Lines", "ChangedAt"),
                new TableSpec("public", "a\"b", "updated_at"));
    }

    @Test
    void quotedNamesMayHoldDotsColonsCommasAndUnicode() {
        assertThat(parse("\"we.ird\".\"t:1,2\":\"größe\"")).containsExactly(new TableSpec("we.ird", "t:1,2", "größe"));
    }

    @Test
    void quotingForSqlDoublesEmbeddedQuotes() {
        TableSpec spec = new TableSpec("public", "a\"b", "updated_at");
        assertThat(spec.quotedName()).isEqualTo("\"public\".\"a\"\"b\"");
        assertThat(Identifiers.literal("O'Brien")).isEqualTo("'O''Brien'");
    }

    @Test
    void badEntriesNameTheBlockTheEntryAndTheFix() {
        assertThatThrownBy(() -> parse("")).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("connection block 'orders-to-bigquery': parameter 'tables' is empty");
        assertThatThrownBy(() -> parse("orders,,customers")).hasMessageContaining("empty entry");
        assertThatThrownBy(() -> parse("orders; drop table x")).hasMessageContaining("entry 'orders; drop table x'")
                .hasMessageContaining("Fix: write [schema.]table[:cursorColumn]");
        assertThatThrownBy(() -> parse("a.b.c")).hasMessageContaining("more than one '.'");
        assertThatThrownBy(() -> parse("a:b:c")).hasMessageContaining("more than one ':'");
        assertThatThrownBy(() -> parse("\"unclosed")).hasMessageContaining("unbalanced double quote");
        assertThatThrownBy(() -> parse("orders, public.orders")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> parse("1orders")).hasMessageContaining("not a plain PostgreSQL name");
        assertThatThrownBy(() -> parse("\"\"")).hasMessageContaining("empty identifier");
        assertThatThrownBy(() -> TablesParameter.parse("b", "orders", "a, b")).hasMessageContaining("'cursorColumn'");
    }

    @Test
    void namesLongerThanPostgresKeepsAreRejectedNotCut() {
        String name63 = "a".repeat(63);
        assertThat(parse(name63)).extracting(TableSpec::table).containsExactly(name63);
        assertThatThrownBy(() -> parse("a".repeat(64))).hasMessageContaining("is 64 bytes long; PostgreSQL identifiers are at most 63");
        // bytes, not characters: 32 two-byte letters are 64 bytes
        assertThatThrownBy(() -> parse("\"" + "ä".repeat(32) + "\"")).hasMessageContaining("64 bytes");
    }

    @Test
    void aTableWrittenWithADashHasNoCursorAndAStatsBlockHasNone() {
        assertThat(parse("public.events:-, orders")).containsExactly(new TableSpec("public", "events", null),
                new TableSpec("public", "orders", "updated_at"));
        assertThat(new TableSpec("public", "events", null).displayName()).isEqualTo("public.events");
        assertThat(TablesParameter.parse("b", "events, logs:-", "updated_at", ChangeSignal.STATS))
                .containsExactly(new TableSpec("public", "events", null), new TableSpec("public", "logs", null));
        assertThatThrownBy(() -> TablesParameter.parse("events-block", "events, orders:updated_at", "updated_at", ChangeSignal.STATS))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("connection block 'events-block': table public.orders names the cursor column updated_at, but with"
                        + " changeSignal stats no table has a cursor. Fix: write 'public.orders' without ':updated_at', or set"
                        + " changeSignal to cursor+stats to watch its cursor as well.");
        assertThat(parse("\"-\".\"-\":\"-\"")).as("a quoted '-' is a name").containsExactly(new TableSpec("-", "-", "-"));
    }

    @Test
    void theBlockSignalIsItsParameterOverTheSetting() {
        tickBlock("stats", ChangeSignal.STATS);
        tickBlock(null, ChangeSignal.CURSOR_AND_STATS);
        assertThatThrownBy(() -> new io.pgairbytesync.tick.ConnectionBlock("b", "x", "orders", "updated_at", "H * * * * ?", null,
                "deletes").signal(ChangeSignal.CURSOR)).isInstanceOf(ConfigurationError.class)
                .hasMessage("connection block 'b': parameter 'changeSignal' 'deletes' is not a change signal; known: cursor,"
                        + " cursor+stats, stats, cdc. Fix: write `cursor`, `cursor+stats`, `stats` or `cdc`, or leave it out for the"
                        + " CHANGE_SIGNAL setting.");
    }

    private static void tickBlock(String parameter, ChangeSignal expected) {
        io.pgairbytesync.tick.ConnectionBlock block = new io.pgairbytesync.tick.ConnectionBlock("b", "x", "orders", "updated_at",
                "H * * * * ?", null, parameter);
        assertThat(block.signal(ChangeSignal.CURSOR_AND_STATS)).isEqualTo(expected);
    }
}
