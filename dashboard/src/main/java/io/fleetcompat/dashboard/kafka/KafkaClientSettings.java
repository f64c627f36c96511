package io.fleetcompat.dashboard.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;

/**
 * Every {@code kafka.*} setting of the dashboard's configuration, without the prefix: the bootstrap servers and
 * whatever the operator's cluster needs besides (security.protocol, sasl.*, ssl.*), passed unchanged to each
 * client the dashboard opens. The same convention as fleet-stream's {@code kafka-streams.*} and the agent's
 * {@code --kafka-property}, so one cluster's settings are written the same way for every component.
 */
@ApplicationScoped
public class KafkaClientSettings {

    static final String PREFIX = "kafka.";

    private final Map<String, String> settings;

    @Inject
    public KafkaClientSettings(Config config) {
        this(fromConfig(config));
    }

    KafkaClientSettings(Map<String, String> settings) {
        if (settings.get("bootstrap.servers") == null || settings.get("bootstrap.servers").isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is not set: the dashboard needs the brokers of"
                    + " the fleet topics (e.g. -Dkafka.bootstrap.servers=host:9092 or KAFKA_BOOTSTRAP_SERVERS)");
        }
        this.settings = Map.copyOf(settings);
    }

    /** The {@code kafka.*} keys of {@code properties} without the prefix; other keys are not Kafka's. */
    static Map<String, String> withoutPrefix(Map<String, String> properties) {
        Map<String, String> settings = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length()) {
                settings.put(key.substring(PREFIX.length()), value);
            }
        });
        return settings;
    }

    private static Map<String, String> fromConfig(Config config) {
        Map<String, String> properties = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                Optional<String> value = config.getOptionalValue(name, String.class);
                value.ifPresent(v -> properties.put(name, v));
            }
        }
        return withoutPrefix(properties);
    }

    public String bootstrapServers() {
        return settings.get("bootstrap.servers");
    }

    /** A fresh copy for one client, which then adds its own settings (client id, group, serialisation). */
    public Properties forClient() {
        Properties properties = new Properties();
        properties.putAll(settings);
        return properties;
    }
}
