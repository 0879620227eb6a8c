package io.pgairbytesync.observe;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.pgairbytesync.config.ConfigurationError;
import io.pgairbytesync.config.Setting;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Settings of what an operator sees: the management HTTP port, the Airbyte UI the status page links to, the
 * alert webhook and when it fires. Checked at start-up like {@link io.pgairbytesync.config.Settings}; each setting is
 * declared once in {@link Setting}.
 *
 * @param airbyteUiUrl      AIRBYTE_UI_URL, without a trailing slash
 * @param alertWebhookUrl   ALERT_WEBHOOK_URL, empty = alerts are only logged (a secret: Slack's URL carries a token)
 * @param alertAfterFailures ALERT_AFTER_FAILURES: consecutive failed ticks that make an alert
 * @param statusJobs        STATUS_JOBS: how many recent jobs /status lists per connection
 * @param healthCheckEvery  HEALTH_CHECK_SECONDS: how often the readiness checks run
 * @param eventsWebhookUrl  EVENTS_WEBHOOK_URL, empty = no events (a secret: it may carry a token)
 */
public record ObserveSettings(String airbyteUiUrl, String alertWebhookUrl, int alertAfterFailures, int statusJobs,
        Duration healthCheckEvery, String eventsWebhookUrl) {

    /** Checked by {@link #from}, in this order (the rest: {@link io.pgairbytesync.config.Settings#OWN}). */
    public static final List<Setting> OWN = List.of(Setting.MANAGEMENT_HOST, Setting.MANAGEMENT_PORT, Setting.AIRBYTE_UI_URL,
            Setting.ALERT_WEBHOOK_URL, Setting.HEALTH_CHECK_SECONDS, Setting.ALERT_AFTER_FAILURES, Setting.STATUS_JOBS,
            Setting.ALERT_RETRY_MAX, Setting.ALERT_RETRY_DELAY_MS, Setting.AIRBYTE_CONNECTION_CHECK_SECONDS,
            Setting.EVENTS_WEBHOOK_URL);

    public static ObserveSettings from(CamelContext context) {
        PropertiesComponent pc = context.getPropertiesComponent();
        return of(name -> pc.resolveProperty(name).orElse(null));
    }

    /**
     * The settings from a plain lookup: {@code all} gives a setting's raw value by {@link Setting#propertyName()}, or
     * null when unset (then its declared default applies). Every setting of {@link #OWN} is checked, in order; the
     * management port must also be free (port 0: any free port).
     */
    public static ObserveSettings of(UnaryOperator<String> all) {
        Map<Setting, String> v = new EnumMap<>(Setting.class);
        for (Setting s : OWN) {
            v.put(s, s.check(all));
            if (s == Setting.MANAGEMENT_PORT) {
                refuseBusyPort(v.get(Setting.MANAGEMENT_HOST), Integer.parseInt(v.get(s)));
            }
        }
        return new ObserveSettings(v.get(Setting.AIRBYTE_UI_URL).replaceAll("/+$", ""), v.get(Setting.ALERT_WEBHOOK_URL),
                Integer.parseInt(v.get(Setting.ALERT_AFTER_FAILURES)), Integer.parseInt(v.get(Setting.STATUS_JOBS)),
                Duration.ofSeconds(Long.parseLong(v.get(Setting.HEALTH_CHECK_SECONDS))), v.get(Setting.EVENTS_WEBHOOK_URL));
    }

    public boolean webhookEnabled() {
        return !alertWebhookUrl.isEmpty();
    }

    /** Never the webhook URL. */
    @Override
    public String toString() {
        return "ObserveSettings[ui=" + airbyteUiUrl + ", webhook=" + (webhookEnabled() ? "set" : "none")
                + ", alertAfterFailures=" + alertAfterFailures + ", events=" + (eventsWebhookUrl.isEmpty() ? "none" : "set") + "]";
    }

    /**
     * MANAGEMENT_PORT, checked before Camel binds it to camel.server.port (which would fail with a bare
     * PropertyBindingException): called from a MainListener's beforeConfigure as well as here.
     */
    public static int managementPort(PropertiesComponent pc) {
        return Integer.parseInt(Setting.MANAGEMENT_PORT.check(name -> pc.resolveProperty(name).orElse(null)));
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
}
