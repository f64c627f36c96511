package io.fleetcompat.stream.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.schema.DeadLetters;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DeadLetter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class KafkaDeadLetterSinkTest {

    private static final Map<String, Object> APP = Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "fleet-stream",
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092");

    /** A producer whose next sends fail with the scripted exceptions, then succeed. */
    private static final class ScriptedProducer extends MockProducer<String, DeadLetter> {
        private final Deque<RuntimeException> failures = new ArrayDeque<>();

        ScriptedProducer(RuntimeException... failures) {
            super(true, null, Topics.DEAD_LETTERS.keySerde().serializer(), Topics.DEAD_LETTERS.valueSerde().serializer());
            this.failures.addAll(java.util.List.of(failures));
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, DeadLetter> record, Callback callback) {
            RuntimeException failure = failures.poll();
            return failure == null ? super.send(record, callback) : CompletableFuture.failedFuture(failure);
        }
    }

    private static KafkaDeadLetterSink sink(ScriptedProducer producer, Duration retryFor) {
        KafkaDeadLetterSink sink = new KafkaDeadLetterSink(retryFor, "test", config -> producer);
        sink.open(APP);
        return sink;
    }

    private static DeadLetter letter() {
        return DeadLetters.of(Topics.HOSTS.name(), 2, 40, "host-1".getBytes(), new byte[] {1, 2, 3},
                new IllegalArgumentException("not a HostStatus"), "fleet-stream/known-hosts");
    }

    @Test
    void shouldBuildAnIdempotentNonTransactionalProducerFromTheStreamsSettings() {
        Map<String, Object> producer = KafkaDeadLetterSink.producerConfigOf(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "fleet-stream",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092",
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                "security.protocol", "SSL",
                StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 7,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "must-not-be-used"), "known-hosts-dead-letters");

        assertThat(producer)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry("security.protocol", "SSL")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 7)
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "fleet-stream-known-hosts-dead-letters")
                .doesNotContainKeys(ProducerConfig.TRANSACTIONAL_ID_CONFIG, StreamsConfig.APPLICATION_ID_CONFIG,
                        StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
    }

    @Test
    void shouldRetryARetriableFailureUntilTheLetterIsWritten() {
        ScriptedProducer producer = new ScriptedProducer(new NotEnoughReplicasException("1 of 3 in sync"));

        sink(producer, Duration.ofMinutes(1)).send(letter());

        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
            assertThat(record.key()).isEqualTo(Topics.HOSTS.name());
            assertThat(record.value().getSourceOffset()).isEqualTo(40);
        });
    }

    @Test
    void shouldThrowInsteadOfDroppingTheLetterWhenKafkaRefusesItForGood() {
        ScriptedProducer producer = new ScriptedProducer(new TopicAuthorizationException("no Write on fleet.dead-letters"));

        assertThatThrownBy(() -> sink(producer, Duration.ofMinutes(1)).send(letter()))
                .isInstanceOf(DeadLetterNotWrittenException.class)
                .hasMessageContaining("fleet.hosts-2@40").hasMessageContaining("no Write on fleet.dead-letters");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldThrowOnceRetriableFailuresOutlastTheRetryTime() {
        ScriptedProducer producer = new ScriptedProducer(new NotEnoughReplicasException("1 of 3 in sync"),
                new NotEnoughReplicasException("still 1 of 3"));

        assertThatThrownBy(() -> sink(producer, Duration.ZERO).send(letter()))
                .isInstanceOf(DeadLetterNotWrittenException.class).hasMessageContaining("1 of 3 in sync");
    }

    @Test
    void shouldSendALetterTooLargeForTheProducerWithoutTheRecordsValue() {
        ScriptedProducer producer = new ScriptedProducer(new RecordTooLargeException("2 MB"));

        sink(producer, Duration.ofMinutes(1)).send(letter());

        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.value().getValue()).isNull();
            assertThat(record.value().getKey()).isNotNull();
            assertThat(record.value().getErrorMessage()).contains("not a HostStatus", "3 bytes, is not kept");
        });
    }
}
