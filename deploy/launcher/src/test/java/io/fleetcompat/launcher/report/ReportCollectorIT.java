package io.fleetcompat.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.HostStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector against a real broker: hand-made records on the real topics, read back into the report. */
class ReportCollectorIT {

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafkaCluster(1, Map.of()).start();
        kafka.createTopics(Topics.all().stream().map(spec -> spec.toNewTopic((short) 1)).toList());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldReadEveryMetricBackFromTheTopicsAndCountUndecodableRecords(@TempDir Path dir) throws Exception {
        // Given the story on the topics, plus bytes nobody can decode and a record on the wrong topic
        try (KafkaProducer<String, byte[]> producer = producer()) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (DemoStory.Entry entry : DemoStory.entries()) {
                sent.add(producer.send(new ProducerRecord<>(entry.topic(), entry.key(),
                        SingleObjectCodec.standard().encode(entry.value()))));
            }
            sent.add(producer.send(new ProducerRecord<>(Topics.EVENTS.name(), "g-x", "not avro".getBytes(StandardCharsets.UTF_8))));
            HostStatus misplaced = WireRecords.hostStatus("modern-9");
            sent.add(producer.send(new ProducerRecord<>(Topics.POLICY.name(), "x", SingleObjectCodec.standard().encode(misplaced))));
            sent.add(producer.send(new ProducerRecord<>(Topics.POLICY.name(), "instance:gone", null)));
            // Every record must be on the broker before reading: a failed send would look like a counting bug.
            for (Future<RecordMetadata> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        }

        // When the collector reads until it has caught up
        DemoReport report;
        OutcomeTimeline.Cumulative timeline;
        try (ReportCollector collector = ReportCollector.start(kafka.bootstrapServers(), Map.of(),
                DemoStory.CONTROL_GROUP)) {
            report = collector.drain(Duration.ofSeconds(60));
            assertThat(collector.failure()).as("why reading stopped early").isEmpty();
            timeline = collector.timeline();
        }

        // Then every number is the story's, the bad records are counted, and the JSON round-trips
        assertThat(report).usingRecursiveComparison().ignoringFields("undecodableByTopic")
                .isEqualTo(DemoStory.EXPECTED);
        assertThat(report.undecodableByTopic()).containsExactlyInAnyOrderEntriesOf(
                Map.of("fleet.events", 1L, "fleet.policy", 1L));
        Path json = dir.resolve("report.json");
        ReportJson.write(report, json);
        assertThat(ReportJson.read(json)).isEqualTo(report);
        // And the timeline adds up to the same story: seven predictions, two applications at a create, one resume
        // protected at the edge, two healthy resumes, one failure in the control group and one outside it
        assertThat(timeline.total(OutcomeTimeline.Series.HAZARDS_PREDICTED)).isEqualTo(7);
        assertThat(timeline.total(OutcomeTimeline.Series.POLICIES_APPLIED)).isEqualTo(2);
        assertThat(timeline.total(OutcomeTimeline.Series.PROTECTED_AT_EDGE)).isEqualTo(1);
        assertThat(timeline.total(OutcomeTimeline.Series.HEALTHY_RESUMES)).isEqualTo(2);
        assertThat(timeline.total(OutcomeTimeline.Series.FAILURES_CONTROL_GROUP)).isEqualTo(1);
        assertThat(timeline.total(OutcomeTimeline.Series.FAILURES_OUTSIDE_CONTROL_GROUP)).isEqualTo(1);
        Path html = dir.resolve("report.html");
        ReportHtml.write(report, timeline, html);
        assertThat(java.nio.file.Files.readString(html)).contains("<svg", "resume failures, control group (policy withheld): 1",
                "hazards predicted");
        assertThat(ReportTable.render(report)).contains("hazards predicted", "resume failures among protected guests",
                "resume failures in the control group",
                "200 ms / 800 ms (2 samples)", "1 missing", "acks rejected (instance / family)",
                "resumes protected at the edge (agent fail-safe)", "denials lifted", "guests back on FIFO");
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }
}
