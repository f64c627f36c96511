package io.fleetcompat.stream.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.stream.support.BrokerClients;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.stream.support.FleetBroker;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.stream.support.StreamsProps;
import io.fleetcompat.stream.support.TestPolicyKeys;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import io.fleetcompat.stream.topology.FleetTopology;
import io.fleetcompat.stream.topology.Names;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;

/**
 * Acceptance (issue 11, failover): one record makes a processor throw; it is on fleet.dead-letters with its reason,
 * and the records after it are processed by the same instance, on the same stream thread. The throw is real: the
 * guest's stored state is bytes this version cannot read (as after a downgrade), so loading it fails in the guest
 * processor.
 */
class ProcessingFailureIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String APP_ID = "processing-failure-it";
    private static final String POISONED = "it-unreadable-state";
    private static final String HEALTHY = "it-healthy";

    @Test
    void shouldDeadLetterTheRecordAProcessorThrowsOnAndProcessTheNextOnes() throws Exception {
        try (FleetBroker kafka = FleetBroker.start(t -> 1)) {
            BrokerClients clients = kafka.clients();
            // Given a stored state for one guest that this version cannot read
            writeUnreadableState(kafka.bootstrapServers());
            SimHost.Clock clock = new SimHost.Clock(System.currentTimeMillis());
            SimHost legacy = new SimHost("it-legacy", XenProfile.LEGACY_2L, true, clock);
            SimHost modern = new SimHost("it-modern", XenProfile.PROPOSED, true, clock);
            clients.send(Topics.HOSTS, legacy.id(), legacy.status());
            clients.send(Topics.HOSTS, modern.id(), modern.status());

            try (KafkaStreams streams = new KafkaStreams(FleetTopology.build(FleetStreamConfig.defaults(), TestPolicyKeys.SIGNER),
                    StreamsProps.exactlyOnce(APP_ID, kafka.bootstrapServers()))) {
                streams.start();
                // When an event of that guest arrives, then events of another guest after it on the same partition
                clients.send(Topics.EVENTS, POISONED, Events.freshBoot(legacy.next(), POISONED, 1));
                clients.send(Topics.EVENTS, HEALTHY, Events.freshBoot(legacy.next(), HEALTHY, 2));
                clients.send(Topics.EVENTS, HEALTHY, Events.booted(legacy.next(), HEALTHY, 2, EvtchnAbi.TWO_LEVEL));
                clients.send(Topics.EVENTS, HEALTHY, Events.hibernated(legacy.next(), HEALTHY, 2, EvtchnAbi.TWO_LEVEL));

                // Then the failing record is a dead letter with the processor and the exception as its reason
                DeadLetter letter = clients.readUntil(Topics.DEAD_LETTERS, ls -> !ls.isEmpty(), WAIT).get(0);
                assertThat(letter.getSourceTopic()).isEqualTo(Topics.EVENTS.name());
                assertThat(letter.getSourceOffset()).isZero();
                assertThat(StandardCharsets.UTF_8.decode(letter.getKey()).toString()).isEqualTo(POISONED);
                assertThat(letter.getErrorKind()).isEqualTo(DeadLetterErrorKind.PROCESSING_FAILED);
                assertThat(letter.getErrorMessage()).contains(Names.GUEST_PROCESSOR);
                assertThat(letter.getSourceComponent()).isEqualTo("fleet-stream/" + Names.GUEST_PROCESSOR);
                // and the records after it were folded and decided on: the healthy guest's hazard got its denial
                List<PolicyDirective> policies = clients.readUntil(Topics.POLICY, ds -> ds.stream()
                        .anyMatch(d -> HEALTHY.equals(d.getTarget().getInstanceId())), WAIT);
                assertThat(policies).noneMatch(d -> POISONED.equals(d.getTarget().getInstanceId()));
                // by the same instance and its first stream thread: nothing died, nothing was replaced
                assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(threads(streams)).singleElement().satisfies(name -> assertThat(name).endsWith("-StreamThread-1"));
            }
        }
    }

    private static Set<String> threads(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().map(ThreadMetadata::threadName)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The guest state store's changelog, created before the application, holding one value no reader accepts. */
    private static void writeUnreadableState(String bootstrap) throws Exception {
        String changelog = APP_ID + "-" + Names.GUEST_STATE_STORE + "-changelog";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(changelog, 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(changelog, POISONED,
                    "not a guest state".getBytes(StandardCharsets.UTF_8))).get();
        }
    }
}
