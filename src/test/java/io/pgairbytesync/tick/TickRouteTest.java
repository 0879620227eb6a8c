package io.pgairbytesync.tick;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.pgairbytesync.observe.ConnectionStatus;
import io.pgairbytesync.observe.ConnectionStatuses;
import io.pgairbytesync.support.RouteTestBase;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.model.SetPropertyDefinition;
import org.junit.jupiter.api.Test;

/**
 * Route tick at route level: probe then classify, a failure anywhere caught and recorded once, and the outcome handed
 * to the observers whatever happened (probe and classify are mock endpoints here).
 */
class TickRouteTest extends RouteTestBase {

    private final List<String> steps = new ArrayList<>();

    @Override
    protected String mockEndpointsAndSkip() {
        return "direct://(probe|classify)";
    }

    private void tick(Runnable probe) throws Exception {
        // the tick is started as the block's Quartz route would start it
        AdviceWith.adviceWith(context, "tick", a -> a.weaveByType(SetPropertyDefinition.class).selectFirst().replace()
                .process(e -> e.setProperty(Tick.PROPERTY, newTick())));
        context.start();
        getMockEndpoint("mock:direct:probe").whenAnyExchangeReceived(e -> {
            steps.add("probe");
            probe.run();
        });
        getMockEndpoint("mock:direct:classify").whenAnyExchangeReceived(e -> steps.add("classify"));
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("tick").whenDone(1).create();
        template.sendBody("direct:tick", null);
        assertThat(done.matches(20, TimeUnit.SECONDS)).as("tick done").isTrue();
    }

    private ConnectionStatus status() {
        return context.getRegistry().lookupByNameAndType("connectionStatuses", ConnectionStatuses.class).find(BLOCK);
    }

    @Test
    void aTickProbesThenClassifiesAndIsObservedOnce() throws Exception {
        tick(() -> {
        });
        assertThat(steps).containsExactly("probe", "classify");
        assertThat(status()).as("the observers saw the tick").isNotNull();
        assertThat(status().getConsecutiveFailures()).isZero();
    }

    @Test
    void aFailureStopsTheTickIsRecordedAndTheObserversStillSeeIt() throws Exception {
        tick(() -> {
            throw new IllegalStateException("the source went away");
        });
        assertThat(steps).containsExactly("probe");
        assertThat(status().getConsecutiveFailures()).isEqualTo(1);
        assertThat(status().getLastError()).isEqualTo("the source went away");
    }
}
