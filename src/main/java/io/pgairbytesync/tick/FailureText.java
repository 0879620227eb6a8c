package io.pgairbytesync.tick;

import io.pgairbytesync.config.ConfigurationError;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;

/**
 * The one line recorded in {@code sync_state.last_error} and logged when a tick fails: a configuration error's own
 * message (it names the thing and the fix), otherwise the message of the first exception that is not a Camel
 * wrapper around another.
 */
public class FailureText {

    private final java.time.Duration sourceNetworkTimeout;
    private final java.time.Duration stateNetworkTimeout;

    /** Without the network timeouts: a database that did not answer is told as the driver tells it. */
    public FailureText() {
        this(null, null);
    }

    /** SOURCE_DB_NETWORK_TIMEOUT and STATE_DB_NETWORK_TIMEOUT, named when a database did not answer within them. */
    public FailureText(java.time.Duration sourceNetworkTimeout, java.time.Duration stateNetworkTimeout) {
        this.sourceNetworkTimeout = sourceNetworkTimeout;
        this.stateNetworkTimeout = stateNetworkTimeout;
    }

    /**
     * Route record-tick-failure: the tick failed; its one line. A 5xx or a 429 to POST /jobs (never resent: Airbyte
     * may have made the job) says so, and what the next tick does about it.
     */
    public void tickFailed(@ExchangeProperty(Tick.PROPERTY) Tick tick,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure, @ExchangeProperty("airbyteCall") String call) {
        HttpOperationFailedException http = ObjectHelper.getException(HttpOperationFailedException.class, failure);
        if ("POST /jobs".equals(call) && http != null && (http.getStatusCode() >= 500 || http.getStatusCode() == 429)) {
            tick.failed("Airbyte answered " + http.getStatusCode() + " to POST /jobs: not resent, because Airbyte may have"
                    + " started the job anyway (a gateway answers 504 to a POST that blocked too long); the next tick looks"
                    + " for it in the job list before it posts again. Airbyte's answer: " + http.getResponseBody());
            return;
        }
        if (sourceNetworkTimeout != null && noAnswer(failure)) {
            // the probe is the tick's only call to the source: a tick that has probed was waiting on the state database
            boolean source = tick.getProbe() == null;
            tick.failed((source ? "the source database" : "the state database") + " did not answer within "
                    + (source ? "SOURCE_DB_NETWORK_TIMEOUT (" + seconds(sourceNetworkTimeout) : "STATE_DB_NETWORK_TIMEOUT ("
                            + seconds(stateNetworkTimeout)) + "): a failover, or a network path that drops packets;"
                    + " the session is given up and the next tick tries again on a new one. " + of(failure) + ": " + rootCause(failure));
            return;
        }
        tick.failed(of(failure));
    }

    /**
     * Whether a database did not answer in time: pgjdbc's socket timeout (SocketTimeoutException) or login timeout,
     * or the pool's wait for a free session running out; always under an SQLException (an Airbyte call that timed out
     * has none).
     */
    static boolean noAnswer(Throwable failure) {
        boolean sql = false;
        boolean timedOut = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            sql |= t instanceof java.sql.SQLException;
            timedOut |= t instanceof java.net.SocketTimeoutException
                    || t instanceof java.sql.SQLException e && "08001".equals(e.getSQLState())
                            && String.valueOf(e.getMessage()).contains("timed out")
                    || t instanceof java.util.NoSuchElementException && String.valueOf(t.getMessage()).startsWith("Timeout waiting");
        }
        return sql && timedOut;
    }

    private static String seconds(java.time.Duration d) {
        return d.toSeconds() + " s";
    }

    public String of(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        ConfigurationError configuration = ObjectHelper.getException(ConfigurationError.class, failure);
        if (configuration != null) {
            return configuration.getMessage();
        }
        Throwable t = failure;
        while ((t instanceof CamelExecutionException || t instanceof RuntimeCamelException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t == null ? "unknown failure" : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The deepest cause's own words (the driver's "relation ... does not exist", not a wrapper's summary). */
    public String rootCause(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        Throwable root = root(failure);
        return root == null ? "unknown failure" : root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** The deepest cause of a failure (null for null). */
    public static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
