package io.pgairbytesync.tick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class FirstTickGateTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    private Exchange tickOf(String block) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getExchangeExtension().setFromRouteId(block);
        return exchange;
    }

    @Test
    void theFirstTickGoesAloneAndTheOthersGoOnOnceItHasDecided() throws Exception {
        FirstTickGate gate = new FirstTickGate(TimeUnit.MINUTES.toMillis(10));
        Exchange first = tickOf("block-0");
        gate.enter(first);
        AtomicInteger passed = new AtomicInteger();
        List<CompletableFuture<Void>> others = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Exchange other = tickOf("block-" + i);
            others.add(CompletableFuture.runAsync(() -> {
                try {
                    gate.enter(other);
                    passed.incrementAndGet();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> gate.waiting() == 5);
        assertThat(passed).as("ticks past the gate before the first decided").hasValue(0);
        // the first tick runs the probe again after a lost session: it does not wait for itself
        gate.enter(first);
        // another tick's end does not open the gate
        gate.decided(tickOf("block-1"));
        assertThat(gate.isOpen()).isFalse();
        assertThat(gate.waiting()).isEqualTo(5);

        gate.decided(first);
        CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(passed).hasValue(5);
        assertThat(gate.isOpen()).isTrue();
        // from now on nothing waits, the first block's later ticks neither
        gate.enter(tickOf("block-0"));
        gate.enter(tickOf("block-6"));
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void aFirstTickThatDoesNotDecideHoldsTheOthersNoLongerThanTheMostTheyWait() throws Exception {
        FirstTickGate gate = new FirstTickGate(50);
        gate.enter(tickOf("stuck"));
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            try {
                gate.enter(tickOf("other"));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        other.get(30, TimeUnit.SECONDS);
        assertThat(gate.isOpen()).as("the gate itself, still waiting for the first tick").isFalse();
    }
}
