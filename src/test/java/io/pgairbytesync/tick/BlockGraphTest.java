package io.pgairbytesync.tick;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.pgairbytesync.config.ConfigurationError;
import org.junit.jupiter.api.Test;

class BlockGraphTest {

    private static ConnectionBlock tables(String routeId) {
        return new ConnectionBlock(routeId, "9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11", "public.orders", "updated_at", "H * * * * ?");
    }

    private static ConnectionBlock after(String routeId, String upstream) {
        return new ConnectionBlock(routeId, "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", null, "updated_at", "H * * * * ?", upstream);
    }

    @Test
    void aChainOfAfterIsAccepted() {
        assertThatCode(() -> BlockGraph.check(List.of(tables("a"), after("b", "a"), after("c", "b"), after("d", "a"))))
                .doesNotThrowAnyException();
    }

    @Test
    void aCycleIsRefusedNamingItsBlocks() {
        assertThatThrownBy(() -> BlockGraph.check(List.of(tables("a"), after("b", "c"), after("c", "b"))))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("connection blocks form a cycle of 'after': b after c after b. Each success would start the next"
                        + " sync forever. Fix: remove 'after' from one of them and give it 'tables' instead.");
        assertThatThrownBy(() -> BlockGraph.check(List.of(after("self", "self"))))
                .hasMessageStartingWith("connection blocks form a cycle of 'after': self after self.");
        assertThatThrownBy(() -> BlockGraph.check(List.of(after("x", "y"), after("y", "z"), after("z", "x"), after("w", "x"))))
                .hasMessageContaining("x after y after z after x");
    }

    @Test
    void afterNamingNoBlockIsRefusedWithTheBlocksThatExist() {
        assertThatThrownBy(() -> BlockGraph.check(List.of(tables("a"), after("b", "nope"))))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("connection block 'b' has 'after: nope', but no connection block has that routeId. Fix: name the"
                        + " routeId of an existing block (one of: a, b).");
    }

    @Test
    void afterWithTablesAndNeitherAreRefused() {
        ConnectionBlock both = new ConnectionBlock("b", "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "public.x", "updated_at",
                "H * * * * ?", "a");
        assertThatThrownBy(() -> BlockGraph.check(List.of(tables("a"), both))).isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("connection block 'b' has both 'after: a' and 'tables'. Fix: keep one");
        assertThatThrownBy(() -> BlockGraph.check(List.of(new ConnectionBlock("n", "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", " ",
                "updated_at", "H * * * * ?", null)))).isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("connection block 'n' has neither 'tables' nor 'after'. Fix:");
    }
}
