package io.pgairbytesync.config;

import java.time.Clock;

import io.pgairbytesync.act.AirbyteAuth;
import io.pgairbytesync.classify.ChangeClassifier;
import io.pgairbytesync.probe.ProbePlanner;
import io.pgairbytesync.record.FailureText;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * Binds what the routes use: the two pools ({@code sourceDb}, {@code stateDb}) and the beans of each step.
 * Creates the state tables before any route starts.
 */
public class SyncConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.from(context);
        Registry registry = context.getRegistry();

        BasicDataSource source = DataSources.source(settings);
        BasicDataSource state = DataSources.state(settings);
        registry.bind("sourceDb", source);
        registry.bind("stateDb", state);
        context.addService(new PoolCloser(source, state), true, true);
        StateSchemaInstaller.install(context, state, settings.stateSchema());

        registry.bind("probePlanner", new ProbePlanner(settings.statsSignal()));
        registry.bind("changeClassifier", new ChangeClassifier());
        registry.bind("failureText", new FailureText());
        AirbyteAuth auth = new AirbyteAuth(settings.airbyteClientId(), settings.airbyteClientSecret(), Clock.systemUTC());
        registry.bind("airbyteAuth", auth);
        registry.bind("renewAirbyteToken", (Processor) auth::renew);

        if (settings.tickOnStart()) {
            context.addStartupListener(new StartupTicks());
        }
    }

    /** Closes the pools when Camel stops. */
    private record PoolCloser(BasicDataSource... pools) implements org.apache.camel.Service {
        @Override
        public void start() {
        }

        @Override
        public void stop() {
            for (BasicDataSource pool : pools) {
                try {
                    pool.close();
                } catch (Exception ignored) {
                    // closing on shutdown: nothing left to do
                }
            }
        }
    }
}
