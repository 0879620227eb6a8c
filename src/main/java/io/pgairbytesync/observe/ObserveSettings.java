package io.pgairbytesync.observe;

import static io.pgairbytesync.config.Settings.value;

import java.net.URI;
import java.time.Duration;

import io.pgairbytesync.logging.SecretMasker;
import io.pgairbytesync.config.ConfigurationError;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Settings of what an operator sees: the management HTTP port, the Airbyte UI the status page links to, the
 * alert webhook and when it fires. Checked at start-up like {@link io.pgairbytesync.config.Settings}.
 *
 * @param airbyteUiUrl      AIRBYTE_UI_URL, without a trailing slash
 * @param alertWebhookUrl   ALERT_WEBHOOK_URL, empty = alerts are only logged (a secret: Slack's URL carries a token)
 * @param alertAfterFailures ALERT_AFTER_FAILURES: consecutive failed ticks that make an alert
 * @param statusJobs        STATUS_JOBS: how many recent jobs /status lists per connection
 * @param healthCheckEvery  HEALTH_CHECK_SECONDS: how often the readiness checks run
 */
public record ObserveSettings(String airbyteUiUrl, String alertWebhookUrl, int alertAfterFailures, int statusJobs,
        Duration healthCheckEvery) {

    public static ObserveSettings from(CamelContext context) {
        PropertiesComponent pc = context.getPropertiesComponent();
        refuseBusyPort(value(pc, "management.host"), managementPort(pc));
        String ui = value(pc, "airbyte.ui.url").replaceAll("/+$", "");
        if (!ui.startsWith("http://") && !ui.startsWith("https://")) {
            throw new ConfigurationError("AIRBYTE_UI_URL '" + ui + "' is not an http(s) URL. Fix: e.g. http://localhost:8000"
                    + " (what abctl prints), or the address you open Airbyte at through your SSH tunnel.");
        }
        String webhook = value(pc, "alert.webhook.url");
        if (!webhook.isEmpty()) {
            SecretMasker.register(webhook);
            try {
                URI uri = URI.create(webhook);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigurationError("ALERT_WEBHOOK_URL is not an http(s) URL. Fix: paste the whole incoming-webhook"
                        + " URL (https://hooks.slack.com/services/...), or leave it empty to only log alerts.");
            }
        }
        String every = value(pc, "health.check.seconds");
        if (!every.matches("[1-9][0-9]{0,4}")) {
            throw new ConfigurationError("HEALTH_CHECK_SECONDS '" + every + "' is not a whole number of seconds. Fix: e.g. 30.");
        }
        return new ObserveSettings(ui, webhook, positive(pc, "alert.after.failures", "ALERT_AFTER_FAILURES", "3"),
                positive(pc, "status.jobs", "STATUS_JOBS", "5"), Duration.ofSeconds(Long.parseLong(every)));
    }

    public boolean webhookEnabled() {
        return !alertWebhookUrl.isEmpty();
    }

    /** Never the webhook URL. */
    @Override
    public String toString() {
        return "ObserveSettings[ui=" + airbyteUiUrl + ", webhook=" + (webhookEnabled() ? "set" : "none")
                + ", alertAfterFailures=" + alertAfterFailures + "]";
    }

    /**
     * MANAGEMENT_PORT, checked before Camel binds it to camel.server.port (which would fail with a bare
     * PropertyBindingException): called from a MainListener's beforeConfigure as well as here.
     */
    public static int managementPort(PropertiesComponent pc) {
        String port = value(pc, "management.port");
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new ConfigurationError("MANAGEMENT_PORT '" + port + "' is not a TCP port. Fix: e.g. 8081 (0: any free port).");
        }
        return Integer.parseInt(port);
    }

    /**
     * The HTTP server would fail to bind later and the service would run unwatched (Vert.x only logs it): stop here.
     * Port 0 (what --doctor uses) means any free port.
     */
    private static void refuseBusyPort(String host, int port) {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            throw new ConfigurationError("MANAGEMENT_PORT " + port + " on " + host + " is in use (" + e.getMessage()
                    + "): another pg-airbyte-sync, or another program, listens there. Fix: stop it (two instances on one"
                    + " state database need CLUSTER_ENABLED=true), or set MANAGEMENT_PORT to a free port.");
        }
    }

    private static int positive(PropertiesComponent pc, String key, String env, String example) {
        String v = value(pc, key);
        if (!v.matches("[1-9][0-9]{0,3}")) {
            throw new ConfigurationError(env + " '" + v + "' is not a positive whole number. Fix: e.g. " + example + ".");
        }
        return Integer.parseInt(v);
    }

}
