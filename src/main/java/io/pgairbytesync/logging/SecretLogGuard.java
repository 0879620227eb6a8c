package io.pgairbytesync.logging;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Keeps secrets out of the logs whatever log level an operator turns on: below INFO, the loggers that print
 * HTTP headers and bodies (the bearer token, the client secret) or resolved property values (passwords) are
 * silenced. Installed by logback.xml ({@code <turboFilter class="io.pgairbytesync.config.SecretLogGuard"/>}).
 */
public class SecretLogGuard extends TurboFilter {

    static final List<String> GUARDED = List.of(
            "org.apache.hc.client5.http.wire",          // raw bytes: Authorization header, token request body
            "org.apache.hc.client5.http.headers",       // request headers: Authorization
            "org.apache.camel.component.properties",    // "Found property ... with value ..."
            "org.apache.camel.support.PropertyBindingSupport",
            "org.apache.camel.main",                    // configured values at DEBUG
            "org.apache.camel.component.http.HttpProducer",
            "org.apache.camel.component.bean",          // bean arguments at TRACE: the token answer, before it is masked
            "org.apache.commons.dbcp2",
            "org.postgresql");                          // connection properties at TRACE

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != null && !level.isGreaterOrEqual(Level.INFO)) {
            String name = logger.getName();
            for (String guarded : GUARDED) {
                if (name.startsWith(guarded)) {
                    return FilterReply.DENY;
                }
            }
        }
        return FilterReply.NEUTRAL;
    }
}
