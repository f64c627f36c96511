package io.fleetcompat.agent.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.policy.Directives;
import io.fleetcompat.agent.policy.PolicyTable;
import io.fleetcompat.agent.policy.PolicyTableStore;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy consumer with Kafka's mock clients: what it stores when fleet.dead-letters refuses its reports. */
class PolicyConsumerTest {

    private static final String TOPIC = Topics.POLICY.name();
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final String GUEST = "7d0c7a52-0000-4000-8000-0000000000c1";

    @TempDir
    Path dir;

    /** A producer whose every send fails, as when the agent may not write fleet.dead-letters. */
    private static final class RefusingProducer extends MockProducer<String, byte[]> {
        RefusingProducer() {
            super(false, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
            return CompletableFuture.failedFuture(new NotLeaderOrFollowerException("no leader for fleet.dead-letters"));
        }
    }

    @Test
    void shouldStoreTheGoodDirectivesOfABatchWhoseDeadLettersCouldNotBeWritten() throws Exception {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "instance:" + GUEST,
                    SingleObjectCodec.standard().encode(Directives.instanceDenial(GUEST, 3))));
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, "instance:garbage",
                    "not a record".getBytes(StandardCharsets.UTF_8)));
        });
        PolicyTableStore store = new PolicyTableStore(dir.resolve("policy-table.json"));
        PolicyTable table = new PolicyTable();

        try (PolicyConsumer policies = new PolicyConsumer(consumer, table, store,
                new DeadLetterWriter(new RefusingProducer()), "hypervisor-agent@test", Clock.systemUTC())) {
            policies.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!store.file().toFile().exists() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(policies.deadLettered()).isZero();
        }

        PolicyTable restored = store.load();
        // the denial is stored (a restart without Kafka applies it) ...
        assertThat(restored.get("instance:" + GUEST)).hasValueSatisfying(d -> assertThat(d.getVersion()).isEqualTo(3));
        // ... at the old position, so the batch is read again and its bad record reported then
        assertThat(restored.position(0)).isEmpty();
    }
}
