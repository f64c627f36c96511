package io.fleetcompat.stream.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class KafkaDeadLetterSinkTest {

    @Test
    void shouldBuildAnIdempotentNonTransactionalProducerFromTheStreamsSettings() {
        Map<String, Object> producer = KafkaDeadLetterSink.producerConfigOf(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "fleet-stream",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092",
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                "security.protocol", "SSL",
                StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 7,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "must-not-be-used"));

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
}
