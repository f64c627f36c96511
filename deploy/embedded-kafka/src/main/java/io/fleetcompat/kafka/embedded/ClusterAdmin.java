package io.fleetcompat.kafka.embedded;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.TopicExistsException;

/** The admin calls the cluster needs; a short-lived client per call so no client outlives a stopped node. */
final class ClusterAdmin {

    private static final long CALL_TIMEOUT_MS = 10_000;

    private ClusterAdmin() {
    }

    /** Waits until every broker in {@code nodeIds} is registered and unfenced (listed in the cluster metadata). */
    static void awaitBrokers(String bootstrap, Map<String, String> clientSettings, Set<Integer> nodeIds, Duration timeout) {
        try (Admin admin = open(bootstrap, clientSettings)) {
            Wait.until("brokers " + nodeIds + " in the cluster metadata", timeout, () -> {
                Collection<Node> nodes = admin.describeCluster().nodes().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                return nodes.stream().map(Node::id).collect(Collectors.toSet()).containsAll(nodeIds);
            });
        }
    }

    /** Creates the topics that do not exist yet, then waits until every partition of every topic is served by its leader. */
    static void createTopics(String bootstrap, Map<String, String> clientSettings, Collection<NewTopic> topics, Duration timeout) {
        if (topics.isEmpty()) {
            return;
        }
        try (Admin admin = open(bootstrap, clientSettings)) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                awaitCreated(result.getKey(), result.getValue());
            }
            Set<String> names = topics.stream().map(NewTopic::name).collect(Collectors.toSet());
            // A served partition has a leader: one wait covers both.
            TopicReadiness.await(admin, names, timeout);
        }
    }

    private static void awaitCreated(String topic, KafkaFuture<Void> result) {
        try {
            result.get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + topic, e);
        }
    }

    /** @param clientSettings how to log in (empty on a PLAINTEXT cluster) */
    private static Admin open(String bootstrap, Map<String, String> clientSettings) {
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT_MS / 2);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT_MS);
        return Admin.create(config);
    }
}
