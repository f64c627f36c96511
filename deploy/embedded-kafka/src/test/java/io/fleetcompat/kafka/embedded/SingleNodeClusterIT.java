package io.fleetcompat.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SingleNodeClusterIT {

    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startCluster() {
        long started = System.nanoTime();
        kafka = new EmbeddedKafkaCluster(1, Map.of()).start();
        System.err.printf("single-node cluster started in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldConsumeBackThousandProducedRecordsInOrder() throws Exception {
        kafka.createTopics(List.of(new NewTopic("round-trip", 1, (short) 1)));
        try (KafkaProducer<String, String> producer = TestClients.producer(kafka.bootstrapServers(), Map.of())) {
            for (int i = 0; i < 1000; i++) {
                producer.send(new ProducerRecord<>("round-trip", "key-" + i, "value-" + i));
            }
            producer.flush();
        }

        List<ConsumerRecord<String, String>> records = TestClients.consume(kafka.bootstrapServers(), "round-trip", 1000, CONSUME_TIMEOUT, Map.of());

        assertThat(records).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(IntStream.range(0, 1000).mapToObj(i -> "value-" + i).toList());
    }

    @Test
    void shouldServeEveryPartitionOfNewTopicsAsSoonAsCreateTopicsReturns() throws Exception {
        // Given many fresh partitions across several topics (the more, the wider the window where a leader
        // is named in the metadata but does not serve its partition yet)
        List<NewTopic> topics = IntStream.range(0, 6).mapToObj(t -> new NewTopic("fresh-" + t, 8, (short) 1)).toList();
        kafka.createTopics(topics);

        // When a producer that never retries writes one record to every partition right away (so a leader
        // that does not serve its partition yet fails the send instead of being retried past)
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new java.util.ArrayList<>();
        try (KafkaProducer<String, String> producer = TestClients.producer(kafka.bootstrapServers(), Map.<String, Object>of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.RETRIES_CONFIG, 0,
                ProducerConfig.LINGER_MS_CONFIG, 0))) {
            for (NewTopic topic : topics) {
                for (int p = 0; p < topic.numPartitions(); p++) {
                    sent.add(producer.send(new ProducerRecord<>(topic.name(), p, "k", "v")));
                }
            }
            // Then every record is acknowledged at once
            for (var future : sent) {
                assertThat(future.get(15, TimeUnit.SECONDS).offset()).isZero();
            }
        }
    }

    @Test
    void shouldAcceptTopicsThatAlreadyExist() throws Exception {
        NewTopic existing = new NewTopic("created-twice", 2, (short) 1);
        kafka.createTopics(List.of(existing));

        kafka.createTopics(List.of(existing, new NewTopic("created-with-it", Optional.empty(), Optional.empty())));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains("created-twice", "created-with-it");
        }
    }

    @Test
    void shouldShowOnlyCommittedTransactionsToReadCommittedConsumers() {
        kafka.createTopics(List.of(new NewTopic("transactions", 1, (short) 1)));
        try (KafkaProducer<String, String> producer = TestClients.producer(kafka.bootstrapServers(),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "single-node-tx"))) {
            producer.initTransactions();
            sendInTransaction(producer, List.of("committed-1", "committed-2"));
            producer.commitTransaction();
            sendInTransaction(producer, List.of("aborted-1"));
            producer.abortTransaction();
            sendInTransaction(producer, List.of("committed-3"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> records = TestClients.consume(kafka.bootstrapServers(), "transactions", 3, CONSUME_TIMEOUT,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));

        assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed-1", "committed-2", "committed-3");
    }

    @Test
    void shouldKeepTopicsAndRecordsAcrossRestartWithKeptDataDir(@TempDir Path dataDir) {
        int firstPort = FreePorts.consecutive(2);
        try (EmbeddedKafkaCluster first = new EmbeddedKafkaCluster(1, Map.of(), firstPort, dataDir).start()) {
            first.createTopics(List.of(new NewTopic("kept", 1, (short) 1)));
            try (KafkaProducer<String, String> producer = TestClients.producer(first.bootstrapServers(), Map.of())) {
                IntStream.range(0, 10).forEach(i -> producer.send(new ProducerRecord<>("kept", "kept-" + i)));
            }
        }

        try (EmbeddedKafkaCluster second = new EmbeddedKafkaCluster(1, Map.of(), firstPort, dataDir).start()) {
            assertThat(second.bootstrapServers()).isEqualTo("127.0.0.1:" + firstPort);
            List<ConsumerRecord<String, String>> records = TestClients.consume(second.bootstrapServers(), "kept", 10, CONSUME_TIMEOUT, Map.of());
            assertThat(records).extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "kept-" + i).toList());
        }
    }

    @Test
    void shouldAllowClosingTwice() {
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(1, Map.of()).start();
        cluster.close();
        cluster.close();

        assertThat(FreePorts.isFree(Integer.parseInt(cluster.bootstrapServers().split(":")[1]))).isTrue();
    }

    private static void sendInTransaction(KafkaProducer<String, String> producer, List<String> values) {
        producer.beginTransaction();
        values.forEach(value -> producer.send(new ProducerRecord<>("transactions", value)));
    }
}
