package io.fleetcompat.stream.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a Streams application is behind on a set of topics: end offset minus its committed offset, summed
 * over all partitions (a partition without a commit counts from 0).
 */
final class CatchUp {

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;

    CatchUp(Admin admin, String groupId, List<String> topics) {
        this.admin = admin;
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
    }

    long lag() throws InterruptedException {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
            described.values().forEach(d -> d.partitions().forEach(p ->
                    partitions.add(new TopicPartition(d.name(), p.partition()))));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (TopicPartition p : partitions) {
                OffsetAndMetadata c = committed.get(p);
                lag += Math.max(0, ends.get(p).offset() - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (ExecutionException e) {
            // Repartition topics appear only once the application created them: not caught up yet.
            return Long.MAX_VALUE;
        }
    }

    static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }
}
