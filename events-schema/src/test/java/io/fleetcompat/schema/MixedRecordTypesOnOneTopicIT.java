package io.fleetcompat.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several record types on fleet.events through a real (in-JVM KRaft) broker: the single-object
 * fingerprint, not the topic, tells the consumer which class each value is.
 */
@Timeout(180)
class MixedRecordTypesOnOneTopicIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafkaCluster(1, Map.of()).start();
        kafka.createTopics(Topics.all().stream().map(spec -> spec.toNewTopic(3, (short) 1)).toList());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldDeliverSeveralEventTypesOfOneGuestInOrder() {
        // Given a guest's history as the agents wrote it, all keyed by its guest id
        List<SpecificRecord> history = List.of(SampleRecords.guestBooted(), SampleRecords.guestHibernated(),
                SampleRecords.domainDestroyed(), SampleRecords.policyAck(), SampleRecords.domainCreated(),
                SampleRecords.hypercallResult(), SampleRecords.guestResumed());
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProps(),
                Topics.EVENTS.keySerde().serializer(), Topics.EVENTS.valueSerde().serializer())) {
            history.forEach(event -> producer.send(new ProducerRecord<>(Topics.EVENTS.name(), SampleRecords.GUEST, event)));
        }

        // When a consumer reads fleet.events with the catalogue's serdes
        List<ConsumerRecord<String, SpecificRecord>> received;
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(consumerProps(),
                Topics.EVENTS.keySerde().deserializer(), Topics.EVENTS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.EVENTS.name()));
            received = pollUntil(consumer, history.size());
        }

        // Then every event comes back as its own class, in the order written
        assertThat(received).map(ConsumerRecord::key).containsOnly(SampleRecords.GUEST);
        assertThat(received).map(ConsumerRecord::value).containsExactlyElementsOf(history);
    }

    @Test
    void shouldDeadLetterAValueThatDoesNotDecodeAndGoOn() {
        String topic = Topics.HOSTS.name();
        byte[] poison = "{\"host\": \"json by mistake\"}".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(producerProps(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topic, "host-json-0001".getBytes(StandardCharsets.UTF_8), poison));
            raw.send(new ProducerRecord<>(topic, "host-json-0001".getBytes(StandardCharsets.UTF_8),
                    SingleObjectCodec.standard().encode(SampleRecords.hostStatus())));
        }

        List<DeadLetter> deadLetters = new ArrayList<>();
        List<Object> statuses = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerProps(), Topics.HOSTS.keySerde().deserializer(),
                Topics.HOSTS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(DEADLINE);
            while (statuses.isEmpty() && Instant.now().isBefore(deadline)) {
                try {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> statuses.add(r.value()));
                } catch (RecordDeserializationException e) {
                    deadLetters.add(DeadLetters.of(topic, e.topicPartition().partition(), e.offset(),
                            bytes(e.keyBuffer()), bytes(e.valueBuffer()), e, "events-schema-it"));
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        }
        try (KafkaProducer<String, DeadLetter> producer = new KafkaProducer<>(producerProps(),
                Topics.DEAD_LETTERS.keySerde().serializer(), Topics.DEAD_LETTERS.valueSerde().serializer())) {
            deadLetters.forEach(letter -> producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), topic, letter)));
        }

        assertThat(statuses).containsExactly(SampleRecords.hostStatus());
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.getErrorKind()).isEqualTo(DeadLetterErrorKind.NOT_SINGLE_OBJECT);
            assertThat(letter.getValue()).isEqualTo(ByteBuffer.wrap(poison));
        });
        try (KafkaConsumer<String, DeadLetter> consumer = new KafkaConsumer<>(consumerProps(),
                Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.DEAD_LETTERS.name()));
            assertThat(pollUntil(consumer, 1)).map(ConsumerRecord::value).containsExactlyElementsOf(deadLetters);
        }
    }

    private static <K, V> List<ConsumerRecord<K, V>> pollUntil(KafkaConsumer<K, V> consumer, int count) {
        List<ConsumerRecord<K, V>> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(DEADLINE);
        while (received.size() < count && Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(500)).forEach(received::add);
        }
        return received;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    private static Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private static Properties consumerProps() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "events-schema-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }
}
