package io.fleetcompat.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.faults.support.BadRecords;
import io.fleetcompat.faults.support.Brokers;
import io.fleetcompat.faults.support.DeadLetterWatch;
import io.fleetcompat.faults.support.FaultReport;
import io.fleetcompat.faults.support.Fleet;
import io.fleetcompat.faults.support.FleetAudit;
import io.fleetcompat.faults.support.RunningFleet;
import io.fleetcompat.faults.support.SimulatedAgents;
import io.fleetcompat.launcher.audit.WireEvent;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 5: 10,000 generated bad records ({@link BadRecords}) on fleet.events, fleet.hosts, fleet.commands
 * (read by fleet-stream) and fleet.policy (read by the agents) while a simulated fleet runs: every one is on
 * fleet.dead-letters with a reason, fleet-stream and the agents keep running, and every event the agents appended is
 * still folded once.
 */
class FuzzIT {

    private static final int PER_TOPIC = 2_500;

    @Test
    void shouldDeadLetterEveryBadRecordWithAReasonAndGoOnProcessingGoodOnes() throws Exception {
        FaultReport report = new FaultReport("fuzz");
        try (Fleet fleet = Fleet.create("fuzz")) {
            // Given a running fleet
            RunningFleet running = RunningFleet.start(fleet, 1, 1, Map.of(), Duration.ofSeconds(40), List.of());
            Brokers kafka = running.kafka();
            SimulatedAgents agents = running.agents();
            agents.awaitProgress(Duration.ofSeconds(5), Duration.ofSeconds(120));

            // When 10,000 bad records arrive on the four topics
            BadRecords generator = new BadRecords(20261207L, 4);
            Map<WireEvent.SourceRecord, BadRecords.Bad> sent = new HashMap<>();
            Instant fuzzStart;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(), ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1 << 20), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (BadRecords.Bad scene : generator.scene()) {
                    producer.send(new ProducerRecord<>(scene.topic(), scene.key(), scene.value())).get();
                }
                fuzzStart = Instant.now();
                List<BadRecords.Bad> bad = generator.generate(PER_TOPIC);
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (BadRecords.Bad record : bad) {
                    acks.add(producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value())));
                }
                for (int i = 0; i < bad.size(); i++) {
                    RecordMetadata at = acks.get(i).get();
                    sent.put(new WireEvent.SourceRecord(at.topic(), at.partition(), at.offset()), bad.get(i));
                }
            }

            // Then each is dead-lettered with a reason
            Map<WireEvent.SourceRecord, DeadLetter> letters;
            try (DeadLetterWatch watch = new DeadLetterWatch(kafka.bootstrap())) {
                letters = watch.awaitCovering(sent.keySet(), Duration.ofSeconds(240));
            }
            long toDeadLetterAll = Duration.between(fuzzStart, Instant.now()).toSeconds();
            assertThat(sent).hasSize(4 * PER_TOPIC);
            assertThat(sent.keySet()).allSatisfy(source -> assertThat(letters.get(source).getErrorMessage())
                    .as("reason for %s (%s)", source, sent.get(source).kind()).isNotBlank());
            Map<String, Long> byTopic = sent.keySet().stream()
                    .collect(Collectors.groupingBy(WireEvent.SourceRecord::topic, TreeMap::new, Collectors.counting()));
            Map<String, Long> byKind = sent.values().stream()
                    .collect(Collectors.groupingBy(b -> b.topic() + ": " + b.kind(), TreeMap::new, Collectors.counting()));
            // written by the component that reads the topic
            assertThat(sent.keySet()).filteredOn(s -> s.topic().equals(Topics.POLICY.name()))
                    .allSatisfy(s -> assertThat(letters.get(s).getSourceComponent()).startsWith("hypervisor-agent"));
            assertThat(sent.keySet()).filteredOn(s -> !s.topic().equals(Topics.POLICY.name()))
                    .allSatisfy(s -> assertThat(letters.get(s).getSourceComponent()).startsWith("fleet-stream"));

            // and both kept running: the agents played their scenario to the end, fleet-stream folded every event once
            agents.awaitEnd(Duration.ofSeconds(180));
            assertThat(running.stream().jvm().isAlive()).isTrue();
            FleetAudit audit = running.audit();
            assertThat(audit.delivery().clean()).as(audit.describe()).isTrue();
            // fleet-stream's directives: the audit counts only those its key signed, so the fuzzer's forged versions
            // (1..N of instance:fuzz-regressed-guest, unsigned) are neither skipped nor duplicate versions
            assertThat(audit.policies().duplicates()).as("policy versions written twice").isEmpty();
            assertThat(audit.policies().gaps()).as("policy versions skipped").isEmpty();
            report.put("bad records", sent.size()).put("per topic", byTopic).put("dead-lettered", sent.size())
                    .put("s to dead-letter all", toDeadLetterAll).put("kinds", byKind)
                    .put("agent events appended", audit.delivery().appended())
                    .put("events lost", audit.delivery().lost()).put("folded twice", audit.delivery().foldedTwice())
                    .put("policy versions issued", audit.policies().issued())
                    .put("policy versions skipped", audit.policies().gaps().size()).write();
        }
    }
}
