package io.fleetcompat.faults.support;

import io.fleetcompat.launcher.audit.WireEvent;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DeadLetter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/** Reads fleet.dead-letters as it grows, by the source coordinates each letter names. */
public final class DeadLetterWatch implements AutoCloseable {

    private final KafkaConsumer<String, DeadLetter> consumer;
    private final Map<WireEvent.SourceRecord, DeadLetter> letters = new HashMap<>();

    public DeadLetterWatch(String bootstrap) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Waits until a letter names every one of {@code sources}; returns every letter read so far. */
    public Map<WireEvent.SourceRecord, DeadLetter> awaitCovering(Set<WireEvent.SourceRecord> sources, Duration timeout) {
        Awaitility.await("dead letters for all " + sources.size() + " records").atMost(timeout)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    for (ConsumerRecord<String, DeadLetter> record : consumer.poll(Duration.ofMillis(500))) {
                        DeadLetter letter = record.value();
                        letters.put(new WireEvent.SourceRecord(letter.getSourceTopic(), letter.getSourcePartition(),
                                letter.getSourceOffset()), letter);
                    }
                    return letters.keySet().containsAll(sources);
                });
        return Map.copyOf(letters);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
