package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.config.AgentConfigFactory;
import io.fleetcompat.agent.config.ConfigException;
import io.fleetcompat.agent.config.ConfigKey;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The agent settings as command-line options, generated from {@link ConfigKey} so each setting is declared
 * once: {@code --outbox-max-bytes} for {@code outbox.max.bytes}, plus {@code --config FILE} (a properties
 * file the options override) and repeatable {@code --kafka-property k=v} (Kafka client passthrough). Any
 * command that runs the plumbing (agent, simulate) adds them with {@link #addTo}.
 */
public final class ConfigOptions {

    static final String CONFIG_FILE = "--config";
    static final String KAFKA_PROPERTY = "--kafka-property";

    private ConfigOptions() {
    }

    public static void addTo(CommandSpec spec) {
        spec.addOption(OptionSpec.builder(CONFIG_FILE).paramLabel("FILE").type(Path.class)
                .description("Properties file with the settings below (keys as in brackets); options override it.")
                .build());
        for (ConfigKey key : ConfigKey.values()) {
            String defaults = key.defaultValue() == null ? " Required." : " Default: " + key.defaultValue() + ".";
            spec.addOption(OptionSpec.builder(key.option()).paramLabel("VALUE").type(String.class)
                    .description(key.doc() + defaults + " [" + key.key() + "]").build());
        }
        spec.addOption(OptionSpec.builder(KAFKA_PROPERTY).paramLabel("KEY=VALUE").type(List.class)
                .auxiliaryTypes(String.class)
                .description("Kafka client setting passed through to producer and consumer, e.g. "
                        + "security.protocol=SSL; repeatable. [kafka.KEY]").build());
    }

    /** The settings map: file first, then options, keyed as in {@link ConfigKey}. */
    public static Map<String, String> settingsFrom(CommandSpec spec) {
        Map<String, String> settings = new HashMap<>();
        Path file = spec.findOption(CONFIG_FILE).getValue();
        if (file != null) {
            settings.putAll(AgentConfigFactory.readProperties(file));
        }
        for (ConfigKey key : ConfigKey.values()) {
            String value = spec.findOption(key.option()).getValue();
            if (value != null) {
                settings.put(key.key(), value);
            }
        }
        List<String> kafka = spec.findOption(KAFKA_PROPERTY).getValue();
        if (kafka != null) {
            for (String pair : kafka) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigException(KAFKA_PROPERTY, pair, "expected KEY=VALUE");
                }
                settings.put(ConfigKey.KAFKA_PREFIX + pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return settings;
    }
}
