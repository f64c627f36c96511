package io.fleetcompat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.config.AgentConfig;
import io.fleetcompat.agent.config.AgentConfigFactory;
import io.fleetcompat.agent.events.HostIdentity;
import io.fleetcompat.agent.policy.MatchedDirective;
import io.fleetcompat.agent.policy.TestPolicyKeys;
import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.XenProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.apache.kafka.common.serialization.StringDeserializer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (policy table half): a directive is persisted and survives a restart with Kafka down; a version
 * regression is refused; undecodable and unknown-schema records are dead-lettered and skipped while the
 * agent keeps its last good policy and keeps consuming.
 */
class PolicyTableIT {

    private static final String HOST = "policy-it-host";
    private static final String GUEST = "guest-42";
    private static final String KEY = "instance:" + GUEST;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldKeepTheLastGoodPolicyThroughBadRecordsRegressionsAndARestartWithoutKafka() throws Exception {
        try (EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, Map.of()).start();
             PolicyTopicWriter policyTopic = new PolicyTopicWriter(kafka.bootstrapServers())) {
            kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic(3, (short) 1)).toList());
            AgentConfig config = config(kafka.bootstrapServers());

            try (AgentRuntime runtime = AgentRuntime.start(config, HOST)) {
                runtime.addHost(config.host(), EventSource.IDLE);
                // Given a directive on fleet.policy
                policyTopic.send(KEY, TestPolicyKeys.signed(directive(2, ControlSetting.DENY)));
                Eventually.await("version 2 in the table", WAIT, () -> versionOf(runtime).equals(Optional.of(2L)));

                // When a lower version, garbage and a record of an unknown schema follow
                policyTopic.send(KEY, TestPolicyKeys.signed(directive(1, ControlSetting.PERMIT)));
                policyTopic.send(KEY, "not avro at all".getBytes());
                byte[] unknownSchema = TestPolicyKeys.signed(directive(9, ControlSetting.PERMIT));
                unknownSchema[2] ^= 0x5A; // another writer-schema fingerprint, which no history file knows
                policyTopic.send(KEY, unknownSchema);

                // Then each is reported on fleet.dead-letters with its reason
                List<DeadLetter> letters = awaitDeadLetters(kafka.bootstrapServers(), 3);
                assertThat(letters).extracting(DeadLetter::getErrorKind).containsExactlyInAnyOrder(
                        DeadLetterErrorKind.POLICY_REGRESSION, DeadLetterErrorKind.NOT_SINGLE_OBJECT,
                        DeadLetterErrorKind.UNKNOWN_FINGERPRINT);
                assertThat(letters).allSatisfy(letter -> assertThat(letter.getSourceTopic()).isEqualTo(Topics.POLICY.name()));
                assertThat(letters).filteredOn(l -> l.getErrorKind() == DeadLetterErrorKind.POLICY_REGRESSION)
                        .singleElement().satisfies(l -> assertThat(l.getErrorMessage()).contains("regression"));
                // and the last good policy stays, while the agent keeps consuming
                assertThat(versionOf(runtime)).contains(2L);
                policyTopic.send(KEY, TestPolicyKeys.signed(directive(3, ControlSetting.DENY)));
                Eventually.await("version 3 in the table", WAIT, () -> versionOf(runtime).equals(Optional.of(3L)));
            }

            // When the agent restarts while Kafka is down
            kafka.stopNode(0);
            try (AgentRuntime restarted = AgentRuntime.start(config, HOST)) {
                restarted.addHost(config.host(), EventSource.IDLE);
                // Then it applies the last known policy from disk at once
                Optional<MatchedDirective> match = restarted.policyTable()
                        .directiveFor(GUEST, "linux-5.10", HOST, XenProfile.PROPOSED);
                assertThat(match).hasValueSatisfying(m -> {
                    assertThat(m.version()).isEqualTo(3);
                    assertThat(m.mode()).isEqualTo(PolicyMode.ENFORCE);
                    assertThat(m.controls().fifo()).isEqualTo(ControlSetting.DENY);
                    assertThat(m.via()).isEqualTo(MatchedDirective.Via.INSTANCE);
                });
            }
        }
    }

    private static Optional<Long> versionOf(AgentRuntime runtime) {
        return runtime.policyTable().directiveFor(GUEST, null, HOST, XenProfile.PROPOSED).map(MatchedDirective::version);
    }

    private static PolicyDirective directive(long version, ControlSetting fifo) {
        return PolicyDirective.newBuilder()
                .setDirectiveId("d-" + version)
                .setTarget(new PolicyTarget(PolicyTargetKind.INSTANCE, GUEST, null))
                .setControls(new EvtchnControls(fifo, ControlSetting.UNSET))
                .setReason(new PolicyReason(PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST, "image is 2-level"))
                .setVersion(version)
                .setMode(PolicyMode.ENFORCE)
                .setIssuedAt(Instant.parse("2026-11-01T00:00:00Z"))
                .build();
    }

    private AgentConfig config(String bootstrap) {
        return AgentConfigFactory.fromSettings(Map.of(
                "bootstrap.servers", bootstrap,
                "host.id", HOST,
                "outbox.dir", dir.resolve("outbox").toString(),
                "policy.table.file", dir.resolve("policy-table.json").toString(),
                "policy.trusted.keys", TestPolicyKeys.writeTrustedKey(dir.resolve("trusted")).toString(),
                "heartbeat.interval.ms", "3600000"));
    }

    private static List<DeadLetter> awaitDeadLetters(String bootstrap, int expected) throws InterruptedException {
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Eventually.await(expected + " dead letters", WAIT, () -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    letters.add((DeadLetter) SingleObjectCodec.standard().decode(record.value()));
                }
                return letters.size() >= expected;
            });
        }
        return letters;
    }
}
