package io.pgairbytesync.logging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret values of this process (database passwords, the Airbyte client secret, bearer tokens), masked in
 * every log line by {@link MaskingMessageConverter} and {@link MaskingThrowableConverter}, whichever library
 * prints them. Values are registered as they become known; very short values are not (they would mask words).
 */
public final class SecretMasker {

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    static final String MASK = "****";

    private SecretMasker() {
    }

    public static void register(String secret) {
        if (secret != null && secret.length() >= 6) {
            SECRETS.add(secret);
        }
    }

    public static void forget(String secret) {
        if (secret != null) {
            SECRETS.remove(secret);
        }
    }

    public static String mask(String text) {
        if (text == null || SECRETS.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : SECRETS) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }
}
