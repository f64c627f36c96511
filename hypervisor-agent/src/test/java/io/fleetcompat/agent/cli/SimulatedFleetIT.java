package io.fleetcompat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.bridge.EmitTally;
import io.fleetcompat.agent.config.AgentConfig;
import io.fleetcompat.agent.config.AgentConfigFactory;
import io.fleetcompat.agent.host.HostIdentity;
import io.fleetcompat.agent.policy.TestPolicyKeys;
import io.fleetcompat.agent.sim.Pacing;
import io.fleetcompat.agent.sim.RunLimit;
import io.fleetcompat.agent.sim.Scenario;
import io.fleetcompat.agent.sim.ScenarioFiles;
import io.fleetcompat.agent.sim.SimulationSummary;
import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.schema.EventHeaders;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.EventHeader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (simulate, end to end): the demo fleet (200 hosts, 5,000 guests) runs for a minute, paced at the
 * scenario's rate, on one shared runtime against a real broker; then a plain consumer reads fleet.events and
 * fleet.hosts and finds every event the simulator emitted exactly once: as many records as were queued, one
 * event id each, and per host the sequences 1..last with no gap and no duplicate.
 */
class SimulatedFleetIT {

    private static final Duration RUN = Duration.ofSeconds(60);
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(90);
    private static final Duration READ_WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void shouldDeliverEveryEventOfASimulatedFleetExactlyOnceAndInSequencePerHost() throws Exception {
        Scenario demo = ScenarioFiles.resource(ScenarioFiles.DEMO);
        try (EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, Map.of()).start()) {
            kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic(6, (short) 1)).toList());
            SimulationSummary summary;
            EmitTally.Counts emitted;
            Map<String, Long> lastSequences = new HashMap<>();

            try (AgentRuntime runtime = AgentRuntime.start(config(kafka.bootstrapServers()), "simulate-it")) {
                // Given the demo fleet on one runtime, with policy from the (empty) fleet.policy table
                SimulatedFleet fleet = SimulatedFleet.attach(runtime, demo, demo.seed(),
                        SimulatedFleet.PolicySource.KAFKA_TABLE, Instant.now());
                assertThat(fleet.hosts()).hasSize(200);

                // When it runs for a minute at the scenario's own rate (this is the workload, not a check)
                summary = fleet.run(RunLimit.duration(RUN), Pacing.maxRate(demo.rates().opsPerSecond()));
                OutboxDrain.Result drain = OutboxDrain.await(runtime.outbox(), DRAIN_WAIT);
                assertThat(drain.drained()).as("outbox drained, %d pending", drain.pending()).isTrue();
                emitted = fleet.emitted();
                for (HostIdentity host : fleet.hosts()) {
                    lastSequences.put(host.hostId(), runtime.outbox().lastSequence(host.hostId()));
                }
            }

            // Then every simulator record was queued (hypercall sampling is off, nothing refused)
            assertThat(summary.waves()).as("the retirement wave ran").isNotEmpty();
            assertThat(summary.guestsByState().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(5000);
            assertThat(emitted.refused()).isZero();
            assertThat(emitted.sampledOut()).isZero();
            assertThat(emitted.queued()).isEqualTo(summary.events()).isPositive();
            long heartbeats = lastSequences.values().stream().mapToLong(Long::longValue).sum() - emitted.queued();
            assertThat(heartbeats).as("one start-up heartbeat per host").isEqualTo(200);

            // and Kafka holds each of them exactly once
            List<Delivered> delivered = readAll(kafka.bootstrapServers(), emitted.queued() + heartbeats);
            assertThat(delivered.stream().filter(d -> d.topic().equals(Topics.EVENTS.name())).count())
                    .isEqualTo(emitted.queued());
            assertThat(delivered.stream().filter(d -> d.topic().equals(Topics.HOSTS.name())).count())
                    .isEqualTo(heartbeats);
            Set<String> eventIds = new HashSet<>();
            delivered.forEach(d -> eventIds.add(d.eventId()));
            assertThat(eventIds).as("no duplicate event ids").hasSize(delivered.size());
            // with per-host sequences 1..last, no gap, no duplicate
            Map<String, List<Long>> sequences = new HashMap<>();
            delivered.forEach(d -> sequences.computeIfAbsent(d.hostId(), h -> new ArrayList<>()).add(d.sequence()));
            assertThat(sequences.keySet()).isEqualTo(lastSequences.keySet());
            lastSequences.forEach((host, last) -> {
                List<Long> seen = sequences.get(host);
                assertThat(seen).as("sequences of %s", host).hasSize(last.intValue());
                assertThat(new TreeSet<>(seen)).as("sequences of %s", host).hasSize(last.intValue())
                        .first().isEqualTo(1L);
                assertThat(new TreeSet<>(seen).last()).as("last sequence of %s", host).isEqualTo(last);
            });
        }
    }

    /** What the check needs of one agent record on Kafka. */
    private record Delivered(String topic, String hostId, long sequence, String eventId) {
    }

    /** Reads both agent topics from the start until {@code expected} records arrived, then once more for extras. */
    private static List<Delivered> readAll(String bootstrap, long expected) throws InterruptedException {
        List<Delivered> delivered = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.EVENTS.name(), Topics.HOSTS.name())) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Eventually.await(expected + " records on fleet.events and fleet.hosts", READ_WAIT, () -> {
                poll(consumer, delivered);
                return delivered.size() >= expected;
            });
            // A duplicate would arrive with the rest: one more poll catches any stragglers beyond the count.
            poll(consumer, delivered);
        }
        return delivered;
    }

    private static void poll(KafkaConsumer<String, byte[]> consumer, List<Delivered> into) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            EventHeader h = EventHeaders.headerOf(SingleObjectCodec.standard().decode(record.value())).orElseThrow();
            into.add(new Delivered(record.topic(), h.getHostId(), h.getSequence(), h.getEventId()));
        }
    }

    private AgentConfig config(String bootstrap) {
        return AgentConfigFactory.fromSettings(Map.of(
                "bootstrap.servers", bootstrap,
                "host.id", "simulate-it",
                "outbox.dir", dir.resolve("outbox").toString(),
                "outbox.max.bytes", "2g",
                "outbox.segment.bytes", "32m",
                "policy.table.file", dir.resolve("policy-table.json").toString(),
                "policy.trusted.keys", TestPolicyKeys.writeTrustedKey(dir.resolve("trusted")).toString(),
                // One heartbeat per host at start: none can be appended after the drain and lost at close.
                "heartbeat.interval.ms", "3600000",
                // Every hypercall record is sent, so Kafka must hold exactly what the simulator emitted.
                "hypercall.sample.rate", "1.0"));
    }
}
