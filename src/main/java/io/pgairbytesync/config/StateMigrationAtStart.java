package io.pgairbytesync.config;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.commons.dbcp2.BasicDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the state tables up to date ({@link StateSchema#migrate}) on a thread of its own while Camel loads and builds
 * the routes, which need no database, and holds the start of Camel until it ended: no component, consumer, timer or
 * tick starts before the tables are there, and a migration that failed stops the start-up with its own error, as it
 * did when it ran first. Until issue 13 it ran before the routes were read, one second of start-up in series.
 * <p>
 * The wait is {@link #onCamelContextStarting}, which Camel calls before it starts the routes (their consumers: Quartz,
 * the timers, the status pages); it is the first startup listener, added while the service is configured.
 */
public final class StateMigrationAtStart implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(StateMigrationAtStart.class);

    private final CompletableFuture<Void> migrated;
    private volatile boolean waitedFor;

    private StateMigrationAtStart(CompletableFuture<Void> migrated) {
        this.migrated = migrated;
    }

    /** Starts the migration now, on a daemon thread with a pool of its own (closed when it ends). */
    static StateMigrationAtStart begin(Settings settings, boolean clustered) {
        CompletableFuture<Void> migrated = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            // without the state pool's statement and network timeouts: a migration may take long
            try (BasicDataSource migrations = DataSources.migrations(settings)) {
                StateSchema.migrate(migrations, settings.stateSchema(), clustered);
                migrated.complete(null);
            } catch (Throwable e) {
                migrated.completeExceptionally(e);
            }
        }, "pg-airbyte-sync state migration");
        thread.setDaemon(true); // a start-up that failed elsewhere does not wait for it to exit
        thread.start();
        return new StateMigrationAtStart(migrated);
    }

    /** Nothing to migrate (--doctor only looks). */
    static StateMigrationAtStart none() {
        return new StateMigrationAtStart(CompletableFuture.completedFuture(null));
    }

    @Override
    public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) throws Exception {
        awaitMigrated();
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // waited for before the routes started
    }

    /** Waits until the migration ended; rethrows its failure as it was thrown. */
    public void awaitMigrated() throws Exception {
        if (!migrated.isDone()) {
            waitedFor = true;
            LOG.debug("Routes built: waiting for the state tables before anything starts");
        }
        try {
            migrated.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Whether Camel reached its start while the migration still ran (the routes were built meanwhile). */
    public boolean waitedFor() {
        return waitedFor;
    }

    /** Whether the migration ended (well or not). */
    public boolean ended() {
        return migrated.isDone();
    }
}
