package io.pgairbytesync.config;

/** A mistake in the configuration or the connection YAML; its message names the thing and the fix. */
public class ConfigurationError extends RuntimeException {
    public ConfigurationError(String message) {
        super(message);
    }
}
