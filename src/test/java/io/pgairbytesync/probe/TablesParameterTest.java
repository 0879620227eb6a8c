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
}
