package io.fleetcompat.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ThreeNodeFailoverIT {

    private static final String TOPIC = "failover";
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(60);
    // Upper bound only: the test stops producing once the node is back; ~1 record per ms makes a few thousand.
    private static final int MAX_RECORDS = 20_000;
    private static final int ACKS_PER_PHASE = 500;

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startCluster() {
        long started = System.nanoTime();
        kafka = new EmbeddedKafkaCluster(3, Map.of()).start();
        System.err.printf("three-node cluster started in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldLoseNoAcknowledgedRecordWhileOneBrokerIsDown() throws Exception {
        kafka.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3)));
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger ackCount = new AtomicInteger();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean stopProducing = new AtomicBoolean();
        ExecutorService producerThread = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> sent = producerThread.submit(() -> produceUntilStopped(stopProducing, acked, ackCount, failures));

            awaitAcks(ackCount, ACKS_PER_PHASE, "acks before the outage");
            int victim = leaderOfPartitionZero();
            long stopping = System.nanoTime();
            kafka.stopNode(victim);
            long stopped = System.nanoTime();
            int ackedAtStop = ackCount.get();
            awaitAcks(ackCount, ackedAtStop + ACKS_PER_PHASE, "acks while node " + victim + " is down");
            long starting = System.nanoTime();
            kafka.startNode(victim);
            long started = System.nanoTime();
            int ackedDuringOutage = ackCount.get() - ackedAtStop;
            awaitAcks(ackCount, ackCount.get() + ACKS_PER_PHASE, "acks after node " + victim + " restarted");
            stopProducing.set(true);
            int sentCount = sent.get(PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            // Measurements for the report, not assertions: timings depend on the shared machine.
            System.err.printf("stopNode(%d) %d ms, startNode %d ms, %d acks while down, %d records sent%n", victim,
                    TimeUnit.NANOSECONDS.toMillis(stopped - stopping), TimeUnit.NANOSECONDS.toMillis(started - starting),
                    ackedDuringOutage, sentCount);

            assertThat(failures).as("failed sends").isEmpty();
            assertThat(acked).hasSize(sentCount);
            awaitFullIsr(victim);
        } finally {
            stopProducing.set(true);
            producerThread.shutdownNow();
        }

        List<ConsumerRecord<String, String>> records = TestClients.consume(kafka.bootstrapServers(), TOPIC, acked.size(), PHASE_TIMEOUT, Map.of());
        assertThat(records.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).containsAll(acked);
        assertThat(records).as("each acknowledged record exactly once").hasSize(acked.size());
    }

    @Test
    void shouldReleaseEveryBrokerPortWhenClosed() {
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(3, Map.of()).start();
        cluster.createTopics(List.of(new NewTopic("closing", 3, (short) 3)));

        cluster.close();

        // A node whose broker hung in controlled shutdown would still hold its port.
        assertThat(cluster.bootstrapServers().split(",")).extracting(address -> Integer.parseInt(address.split(":")[1]))
                .allMatch(FreePorts::isFree);
    }

    /** Sends paced records until told to stop; returns how many were sent. Flushes, so every callback has run. */
    private static int produceUntilStopped(AtomicBoolean stop, Set<String> acked, AtomicInteger ackCount, List<Exception> failures) throws InterruptedException {
        int sent = 0;
        try (KafkaProducer<String, String> producer = TestClients.producer(kafka.bootstrapServers(), Map.of())) {
            while (!stop.get() && sent < MAX_RECORDS) {
                String key = "record-" + sent;
                producer.send(new ProducerRecord<>(TOPIC, key, key), (metadata, error) -> {
                    if (error == null) {
                        acked.add(key);
                        ackCount.incrementAndGet();
                    } else {
                        failures.add(error);
                    }
                });
                sent++;
                Thread.sleep(1);
            }
            producer.flush();
        }
        return sent;
    }

    private static void awaitAcks(AtomicInteger ackCount, int target, String what) {
        Wait.until(target + " " + what, PHASE_TIMEOUT, () -> ackCount.get() >= target);
    }

    private static int leaderOfPartitionZero() throws Exception {
        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC);
            return description.partitions().get(0).leader().id();
        }
    }

    /** The restarted node must catch up and rejoin every partition's ISR. */
    private static void awaitFullIsr(int restarted) {
        try (Admin admin = admin()) {
            Wait.until("node " + restarted + " back in every ISR", PHASE_TIMEOUT, () -> {
                TopicDescription description = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC);
                return description.partitions().stream().map(TopicPartitionInfo::isr)
                        .allMatch(isr -> isr.stream().map(Node::id).anyMatch(id -> id == restarted));
            });
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }
}
