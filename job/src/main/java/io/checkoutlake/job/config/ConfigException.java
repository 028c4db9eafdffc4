package io.checkoutlake.job.config;

import java.util.Optional;

/**
 * A configuration value that is missing, malformed or out of range, or a key that does not exist.
 * The message is meant for the person starting the job, so it names the key as it is typed on the
 * command line ({@code --checkpoint.interval: '30x' is not a duration (e.g. 30s, 5m, 1h)}).
 */
public class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    private ConfigException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** A problem with the value of one key: the message reads {@code --<key>: <problem>}. */
    public static ConfigException forKey(String key, String problem) {
        return new ConfigException(key, "--" + key + ": " + problem, null);
    }

    /** A problem that is not about one key, e.g. an unreadable properties file. */
    public static ConfigException general(String message, Throwable cause) {
        return new ConfigException(null, message, cause);
    }

    /** The key the problem is about, without the leading {@code --}; empty for general problems. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
