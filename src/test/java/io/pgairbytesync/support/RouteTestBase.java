package io.pgairbytesync.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.pgairbytesync.config.SyncConfiguration;
import io.pgairbytesync.tick.ConnectionBlock;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

/**
 * Route-level tests: the service's own routes and beans in Camel Main (camel-test-main-junit5), on a real PostgreSQL
 * for the state tables, with Airbyte and whatever a test does not look at replaced through advice and mock endpoints.
 * The context is advised before it starts ({@code withUseAdviceWith}): each test advises, then calls
 * {@code context.start()}. No schedule runs (Quartz is not started, the timers wait an hour).
 */
public abstract class RouteTestBase extends CamelMainTestSupport {

    protected static final String CONNECTION = "9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11";
    protected static final String BLOCK = "orders-to-bigquery";

    private Path connections;

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        configuration.withUseOverridePropertiesWithPropertiesComponent(properties());
        String mocks = mockEndpointsAndSkip();
        if (mocks != null) {
            configuration.withMockEndpointsAndSkip(mocks);
        }
    }

    /** Endpoints (a pattern) replaced by mock endpoints, the message not going on to them; null for none. */
    protected String mockEndpointsAndSkip() {
        return null;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(SyncConfiguration.class);
        configuration.withRoutesIncludePattern(routesIncludePattern());
    }

    /** The settings of the service in these tests; a test may add its own. */
    protected Properties properties() {
        Properties p = new Properties();
        p.setProperty("source.db.url", TestPostgres.get().newDatabase());
        p.setProperty("source.db.user", TestPostgres.get().user());
        p.setProperty("source.db.password", TestPostgres.get().password());
        p.setProperty("state.db.url", "");
        // never reached: every Airbyte call of these tests is advised
        p.setProperty("airbyte.api.url", "http://127.0.0.1:9/api/public/v1");
        p.setProperty("airbyte.client.id", "");
        p.setProperty("airbyte.client.secret", "");
        p.setProperty("airbyte.retry.max", "3");
        p.setProperty("airbyte.retry.delay.ms", "10");
        p.setProperty("airbyte.retry.max.delay.ms", "40");
        p.setProperty("airbyte.poll.seconds", "3600");
        p.setProperty("airbyte.poll.first.delay.ms", "3600000");
        p.setProperty("airbyte.connection.check.seconds", "3600");
        p.setProperty("health.check.seconds", "3600");
        p.setProperty("tick.on.start", "false");
        p.setProperty("management.port", "0");
        p.setProperty("camel.component.quartz.autoStartScheduler", "false");
        p.setProperty("camel.main.jmxEnabled", "false");
        // as a property too: the service's defaults (Setting) are override properties, which win over the line above
        p.setProperty("camel.main.routesIncludePattern", routesIncludePattern());
        return p;
    }

    /** One connection block, never scheduled. */
    private String routesIncludePattern() {
        return io.pgairbytesync.config.EngineRoutesCollector.ENGINE_ROUTES + ",file:" + connections();
    }

    private Path connections() {
        if (connections == null) {
            try {
                connections = Files.createTempFile("connections", ".yaml");
                connections.toFile().deleteOnExit();
                Files.writeString(connections, "- templatedRoute:\n    routeTemplateRef: airbyte-connection\n    routeId: " + BLOCK
                        + "\n    parameters:\n      - name: connectionId\n        value: " + CONNECTION
                        + "\n      - name: tables\n        value: orders\n      - name: schedule\n        value: \"0 0 0 1 1 ? 2099\"\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return connections;
    }

    /** A fresh tick of the block, as route tick starts it. */
    protected static Tick newTick() {
        return new Tick(new ConnectionBlock(BLOCK, CONNECTION, "orders", "updated_at", "0 0 0 1 1 ? 2099"));
    }
}
