package io.fleetcompat.agent.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.events.PolicyAckStep;
import io.fleetcompat.agent.policy.Directives;
import io.fleetcompat.agent.policy.PolicyTable;
import io.fleetcompat.agent.policy.PolicyTableStore;
import io.fleetcompat.agent.policy.PolicyVerification;
import io.fleetcompat.agent.policy.TestPolicyKeys;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.PolicyDirective;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
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

/**
 * The policy consumer with Kafka's mock clients: what it stores when fleet.dead-letters refuses its reports, and
 * what it does with records whose signature does not verify.
 */
class PolicyConsumerTest {

    private static final String TOPIC = Topics.POLICY.name();
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final String GUEST = "7d0c7a52-0000-4000-8000-0000000000c1";
    private static final SingleObjectCodec CODEC = SingleObjectCodec.standard();

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

    private final List<PolicyAckStep> acks = new CopyOnWriteArrayList<>();

    @Test
    void shouldStoreTheGoodDirectivesOfABatchWhoseDeadLettersCouldNotBeWritten() throws Exception {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "instance:" + GUEST,
                    TestPolicyKeys.signed(Directives.instanceDenial(GUEST, 3))));
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, "instance:garbage",
                    "not a record".getBytes(StandardCharsets.UTF_8)));
        });
        PolicyTableStore store = new PolicyTableStore(dir.resolve("policy-table.json"), TestPolicyKeys.required());
        PolicyTable table = new PolicyTable();

        try (PolicyConsumer policies = new PolicyConsumer(consumer, table, store, TestPolicyKeys.required(),
                new DeadLetterWriter(new RefusingProducer()), acks::add, "hypervisor-agent@test", Clock.systemUTC())) {
            policies.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!store.file().toFile().exists() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(policies.deadLettered()).isZero();
        }
        // nothing acknowledged for a batch that is read again
        assertThat(acks).isEmpty();

        PolicyTable restored = store.load();
        // the denial is stored (a restart without Kafka applies it) ...
        assertThat(restored.get("instance:" + GUEST)).hasValueSatisfying(d -> assertThat(d.getVersion()).isEqualTo(3));
        // ... at the old position, so the batch is read again and its bad record reported then
        assertThat(restored.position(0)).isEmpty();
    }

    @Test
    void shouldNeitherApplyNorStoreARecordWithoutAValidSignatureButReportEach() throws Exception {
        // Given version 3 of a guest's denial, signed by fleet-stream's key
        String key = "instance:" + GUEST;
        PolicyDirective denial = Directives.instanceDenial(GUEST, 3);
        PolicyDirective permit = PolicyDirective.newBuilder(Directives.instanceDenial(GUEST, 4))
                .setControls(new EvtchnControls(ControlSetting.PERMIT, ControlSetting.UNSET)).build();
        PolicyDirective forgedMax = PolicyDirective.newBuilder(TestPolicyKeys.SIGNER.sign(denial))
                .setVersion(Long.MAX_VALUE).setControls(new EvtchnControls(ControlSetting.PERMIT, ControlSetting.UNSET))
                .build();
        MockConsumer<String, byte[]> consumer = consumerOf(
                new ConsumerRecord<>(TOPIC, 0, 0, key, TestPolicyKeys.signed(denial)),
                // When a permit signed by a key nobody trusts, an unsigned one, a tombstone and the signed denial
                // re-stamped with version Long.MAX_VALUE follow
                new ConsumerRecord<>(TOPIC, 0, 1, key, CODEC.encode(TestPolicyKeys.UNTRUSTED.sign(permit))),
                new ConsumerRecord<>(TOPIC, 0, 2, key, CODEC.encode(permit)),
                new ConsumerRecord<>(TOPIC, 0, 3, key, null),
                new ConsumerRecord<>(TOPIC, 0, 4, key, CODEC.encode(forgedMax)));
        MockProducer<String, byte[]> deadLetters = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        PolicyTableStore store = new PolicyTableStore(dir.resolve("policy-table.json"), TestPolicyKeys.required());
        PolicyTable table = new PolicyTable();

        try (PolicyConsumer policies = new PolicyConsumer(consumer, table, store, TestPolicyKeys.required(),
                new DeadLetterWriter(deadLetters), acks::add, "hypervisor-agent@test", Clock.systemUTC())) {
            policies.start();
            await(() -> acks.size() == 4 && store.load().position(0).equals(OptionalLong.of(5)));
            assertThat(policies.deadLettered()).isEqualTo(4);
        }

        // Then the table, in memory and on disk, holds the signed denial only
        for (PolicyTable held : List.of(table, store.load())) {
            assertThat(held.get(key)).hasValueSatisfying(d -> {
                assertThat(d.getVersion()).isEqualTo(3);
                assertThat(d.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
            });
            assertThat(held.lastVersionSeen()).isEqualTo(3);
        }
        // and each refusal is a dead letter of kind POLICY_SIGNATURE and an ack REJECTED with its reason
        List<DeadLetter> letters = deadLetters.history().stream()
                .map(r -> (DeadLetter) CODEC.decode(r.value())).toList();
        assertThat(letters).extracting(DeadLetter::getErrorKind).containsOnly(DeadLetterErrorKind.POLICY_SIGNATURE);
        assertThat(letters).extracting(DeadLetter::getSourceOffset).containsExactly(1L, 2L, 3L, 4L);
        assertThat(acks).extracting(PolicyAckStep::rejectReason).containsExactly(AckRejectReason.UNKNOWN_SIGNING_KEY,
                AckRejectReason.UNSIGNED, AckRejectReason.UNSIGNED, AckRejectReason.BAD_SIGNATURE);
        assertThat(acks).extracting(PolicyAckStep::directiveVersion).containsExactly(4L, 4L, 0L, Long.MAX_VALUE);
        assertThat(acks).allSatisfy(ack -> {
            assertThat(ack.outcome()).isEqualTo(AckOutcome.REJECTED);
            assertThat(ack.key()).isEqualTo(key);
            assertThat(ack.domain()).isNull();
            assertThat(ack.target()).isEqualTo(denial.getTarget());
        });
        assertThat(acks.get(0).detail()).contains("'intruder'");
        assertThat(acks.get(2).detail()).contains("tombstone");
    }

    @Test
    void shouldAcceptUnsignedDirectivesButNoTombstoneWithVerificationOff() throws Exception {
        String key = "instance:" + GUEST;
        MockConsumer<String, byte[]> consumer = consumerOf(
                new ConsumerRecord<>(TOPIC, 0, 0, key, CODEC.encode(Directives.instanceDenial(GUEST, 3))),
                new ConsumerRecord<>(TOPIC, 0, 1, key, null));
        PolicyTableStore store = new PolicyTableStore(dir.resolve("policy-table.json"), PolicyVerification.off());
        PolicyTable table = new PolicyTable();

        try (PolicyConsumer policies = new PolicyConsumer(consumer, table, store, PolicyVerification.off(),
                new DeadLetterWriter(new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer())),
                acks::add, "hypervisor-agent@test", Clock.systemUTC())) {
            policies.start();
            await(() -> acks.size() == 1);
        }

        assertThat(table.get(key)).hasValueSatisfying(d -> assertThat(d.getVersion()).isEqualTo(3));
        assertThat(acks).singleElement().satisfies(ack -> assertThat(ack.rejectReason())
                .isEqualTo(AckRejectReason.UNSIGNED));
    }

    @SafeVarargs
    private static MockConsumer<String, byte[]> consumerOf(ConsumerRecord<String, byte[]>... records) {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.schedulePollTask(() -> List.of(records).forEach(consumer::addRecord));
        return consumer;
    }

    private static void await(Callable<Boolean> condition) throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(condition);
    }
}
