package io.fleetcompat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.schema.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** fleet-stream's lag as simulate reads it, against a real broker: no group, then commits behind the end. */
class StreamLagIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String GROUP = "fleet-stream";
    private static final String TOPIC = Topics.EVENTS.name();

    private EmbeddedKafkaCluster kafka;
    private Admin admin;

    @BeforeEach
    void startBroker() throws Exception {
        kafka = new EmbeddedKafkaCluster(1, Map.of()).start();
        kafka.createTopics(List.of(Topics.EVENTS.toNewTopic(3, (short) 1)));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            // 10 records on partition 0 and 5 on partition 1; partition 2 stays empty.
            for (int i = 0; i < 15; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i < 10 ? 0 : 1, "guest-" + i, "event")).get();
            }
        }
    }

    @AfterEach
    void stopBroker() {
        admin.close();
        kafka.close();
    }

    @Test
    void shouldSayTheGroupDoesNotExistBeforeFleetStreamEverCommitted() {
        assertThat(StreamLag.read(admin, GROUP, TOPIC, TIMEOUT)).isEqualTo(new StreamLag.NoGroup(GROUP));
    }

    @Test
    void shouldSumWhatTheGroupHasNotCommittedPastOverEveryPartition() throws Exception {
        // partition 0 committed at 4 (6 behind), partition 1 never (5 behind from its start), partition 2 empty
        commit(Map.of(new TopicPartition(TOPIC, 0), 4L));
        assertThat(StreamLag.read(admin, GROUP, TOPIC, TIMEOUT)).isEqualTo(new StreamLag.Lag(11));

        commit(Map.of(new TopicPartition(TOPIC, 0), 10L, new TopicPartition(TOPIC, 1), 5L));
        assertThat(StreamLag.read(admin, GROUP, TOPIC, TIMEOUT)).isEqualTo(new StreamLag.Lag(0));
    }

    @Test
    void shouldDescribeEachReadingForTheProgressLine() throws Exception {
        AtomicLong written = new AtomicLong();
        try (StreamLag lag = StreamLag.unscheduled(kafka.bootstrapServers(), Map.of(), GROUP, TOPIC, TIMEOUT,
                written::get)) {
            lag.refresh();
            assertThat(lag.latest()).isEqualTo("stream lag: no group fleet-stream on the cluster (is fleet-stream running?)");

            commit(Map.of(new TopicPartition(TOPIC, 0), 10L));
            written.set(2);
            lag.refresh();
            assertThat(lag.latest()).isEqualTo("stream lag 5 (falling behind)");

            commit(Map.of(new TopicPartition(TOPIC, 1), 3L));
            lag.refresh();
            assertThat(lag.latest()).isEqualTo("stream lag 2 (keeping up)");
        }
    }

    private void commit(Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(GROUP, commits).all().get();
    }
}
