package io.fleetcompat.launcher.demo;

import io.fleetcompat.kafka.embedded.TopicReadiness;
import io.fleetcompat.launcher.LauncherException;
import io.fleetcompat.schema.TopicSpec;
import io.fleetcompat.schema.TopicSpec.Durability;
import io.fleetcompat.schema.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the catalogue's topics ({@link Topics#all()}) that do not exist yet. */
public final class TopicSetup {

    private static final long CALL_TIMEOUT_MS = 30_000;

    private TopicSetup() {
    }

    /**
     * @param singleBroker replication 1 (the embedded broker); otherwise the cluster's default replication
     * @return the names of the topics created now (existing ones are left as they are)
     */
    static List<String> createMissing(String bootstrap, Map<String, String> clientProperties, boolean singleBroker)
            throws InterruptedException {
        return createMissing(bootstrap, clientProperties, singleBroker ? Optional.of(Durability.SINGLE_NODE)
                : Optional.empty(), Map.of(), "fleet-demo-topics");
    }

    /**
     * @param durability replication factor and min.insync.replicas; empty: the cluster's defaults
     * @param partitions partition counts that replace the catalogue's, by topic name (only for topics created now)
     * @return the names of the topics created now (existing ones are left as they are)
     */
    public static List<String> createMissing(String bootstrap, Map<String, String> clientProperties,
                                             Optional<Durability> durability, Map<String, Integer> partitions,
                                             String clientId) throws InterruptedException {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT_MS);
        List<NewTopic> topics = Topics.all().stream()
                .map(spec -> newTopic(spec, durability, partitions.getOrDefault(spec.name(), spec.defaultPartitions())))
                .toList();
        try (Admin admin = Admin.create(config)) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
            List<String> created = new ArrayList<>();
            for (NewTopic topic : topics) {
                if (created(topic.name(), results.get(topic.name()))) {
                    created.add(topic.name());
                }
            }
            // Writers start right after this: they must not meet a partition its leader does not serve yet.
            try {
                TopicReadiness.await(admin, created, Duration.ofMillis(CALL_TIMEOUT_MS));
            } catch (IllegalStateException e) {
                throw LauncherException.failed("created topics " + created + " but their leaders do not serve them: "
                        + e.getMessage());
            }
            return created;
        }
    }

    private static NewTopic newTopic(TopicSpec<String, ?> spec, Optional<Durability> durability, int partitions) {
        if (durability.isPresent()) {
            return spec.toNewTopic(partitions, durability.get());
        }
        // The cluster's default replication factor and min.insync.replicas: configs without the latter.
        Map<String, String> configs = new HashMap<>(spec.configs(spec.durability()));
        configs.remove(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        return new NewTopic(spec.name(), Optional.of(partitions), Optional.empty()).configs(configs);
    }

    private static boolean created(String topic, KafkaFuture<Void> result)
            throws InterruptedException {
        try {
            result.get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw LauncherException.failed("cannot create topic " + topic + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw LauncherException.failed("timed out creating topic " + topic + " (is the cluster reachable?)");
        }
    }
}
