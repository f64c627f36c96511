package io.fleetcompat.agent.config;

/** A setting with a bad or missing value; the message names the key and the value, in one line. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String value, String expectation) {
        super(value == null
                ? "Missing value for " + key + ": " + expectation
                : "Invalid value '" + value + "' for " + key + ": " + expectation);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
