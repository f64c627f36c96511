package io.fleetcompat.stream.topology;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends each record to every partition of its topic (KIP-837 multicast): a family directive concerns guests in
 * every guest task. The topic's partition count is the family processor's, which Kafka Streams sizes from the
 * guest sub-topology's source topics, so every guest task has a partition of it.
 */
final class AllPartitions<K, V> implements StreamPartitioner<K, V> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
        return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
    }
}
