package io.fleetcompat.launcher.audit;

import io.fleetcompat.schema.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until fleet-stream has processed every record of fleet.events: its group's committed offsets (under
 * exactly-once they move with each transaction, together with the guests' states) reach the partitions' ends. Only
 * then does its state say what it folded.
 */
public final class StreamCatchUp {

    private static final Duration POLL = Duration.ofMillis(500);

    private StreamCatchUp() {
    }

    /** @return whether it caught up within {@code timeout} */
    public static boolean await(String bootstrap, Map<String, String> clientProperties, String applicationId,
                                Duration timeout) throws InterruptedException {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() - deadline < 0) {
                try {
                    if (caughtUp(admin, applicationId)) {
                        return true;
                    }
                } catch (ExecutionException e) {
                    // a broker restarting or the group rebalancing: ask again
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        return false;
    }

    private static boolean caughtUp(Admin admin, String applicationId) throws ExecutionException, InterruptedException {
        List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.EVENTS.name())).allTopicNames().get()
                .get(Topics.EVENTS.name()).partitions().stream()
                .map(p -> new TopicPartition(Topics.EVENTS.name(), p.partition())).toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata().get();
        return partitions.stream().allMatch(p -> ends.get(p).offset() == 0
                || committed.get(p) != null && committed.get(p).offset() >= ends.get(p).offset());
    }
}
