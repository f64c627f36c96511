package io.fleetcompat.stream.support;

import io.fleetcompat.schema.TopicSpec;
import io.fleetcompat.schema.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Producers and readers against a real broker, every wait bounded by a deadline. */
public final class BrokerClients implements AutoCloseable {

    private final String bootstrap;
    private final Map<String, String> login;
    private final KafkaProducer<String, SpecificRecord> producer;

    public BrokerClients(String bootstrap) {
        this(bootstrap, Map.of());
    }

    /** @param login client settings of a secured broker's principal (security.protocol, sasl.*, ssl.*) */
    public BrokerClients(String bootstrap, Map<String, String> login) {
        this.bootstrap = bootstrap;
        this.login = Map.copyOf(login);
        Map<String, Object> config = new HashMap<>(login);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(config, Topics.EVENTS.keySerde().serializer(),
                Topics.EVENTS.valueSerde().serializer());
    }

    public void send(TopicSpec<String, ?> topic, String key, SpecificRecord value) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("send to " + topic.name() + " failed", e);
        }
    }

    /** Reads the whole topic (committed records only) until {@code done} holds for what was read. */
    public <V> List<V> readUntil(TopicSpec<String, V> topic, Predicate<List<V>> done, Duration timeout) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            // Partitions assigned here, not by a group: as the agents read fleet.policy, with no group rights needed.
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                if (done.test(values)) {
                    return values;
                }
            }
        }
        throw new AssertionError("condition on " + topic.name() + " not met within " + timeout + "; read " + values);
    }

    @Override
    public void close() {
        producer.close();
    }
}
