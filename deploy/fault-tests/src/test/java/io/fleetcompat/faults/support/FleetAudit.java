package io.fleetcompat.faults.support;

import io.fleetcompat.launcher.audit.DeliveryAudit;
import io.fleetcompat.launcher.audit.DeliveryFigures;
import io.fleetcompat.launcher.audit.FoldedGuest;
import io.fleetcompat.launcher.audit.PolicyVersions;
import io.fleetcompat.launcher.audit.StreamCatchUp;
import io.fleetcompat.launcher.audit.WireEvent;
import io.fleetcompat.launcher.audit.TopicSnapshot;
import io.fleetcompat.launcher.audit.WireLedger;
import io.fleetcompat.schema.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The end of every fault test: once fleet-stream has caught up, what the agents appended (their outbox's ledger)
 * against what Kafka holds against what fleet-stream folded (its query API), by host sequence, and the policy
 * versions it issued. How each is learnt is in RELIABILITY.md.
 */
public record FleetAudit(DeliveryFigures delivery, PolicyVersions policies, WireLedger wire) {

    /** fleet-stream's application id (application.properties): its consumer group. */
    public static final String APPLICATION_ID = "fleet-stream";
    private static final Duration READ = Duration.ofSeconds(120);

    public static FleetAudit of(Fleet fleet, String bootstrap, String streamUrl, Map<String, Long> appended)
            throws IOException, InterruptedException {
        if (!StreamCatchUp.await(bootstrap, Map.of(), APPLICATION_ID, READ)) {
            throw new AssertionError("fleet-stream did not process fleet.events to its end within " + READ);
        }
        // One pass over the topics for both halves of the audit.
        List<ConsumerRecord<byte[], byte[]>> records = TopicSnapshot.read(bootstrap, Map.of(),
                java.util.stream.Stream.concat(WireLedger.TOPICS.stream(), java.util.stream.Stream.of(Topics.POLICY.name()))
                        .toList(), READ);
        WireLedger wire = WireLedger.of(records);
        Set<String> guests = wire.events().stream()
                .filter(e -> e.instanceId() != null && appended.containsKey(e.hostId()))
                .map(WireEvent::instanceId).collect(Collectors.toSet());
        Map<String, FoldedGuest> folded = io.fleetcompat.launcher.audit.FoldLedger.read(streamUrl, guests, READ);
        DeliveryFigures delivery = DeliveryAudit.audit(appended, wire.events(), wire.deadLettered(), folded,
                StreamInstance.DEDUP_WINDOW);
        return new FleetAudit(delivery, PolicyVersions.of(records, fleet.streamKeys()), wire);
    }

    /** Every appended event folded once, and no policy version written twice or skipped. */
    public void assertClean() {
        org.assertj.core.api.Assertions.assertThat(delivery.clean()).as(describe()).isTrue();
        org.assertj.core.api.Assertions.assertThat(policies.duplicates()).as("policy versions written twice").isEmpty();
        org.assertj.core.api.Assertions.assertThat(policies.gaps()).as("policy versions skipped").isEmpty();
    }

    public String describe() {
        return delivery.describe() + "; policy versions issued " + policies.issued() + ", duplicate versions "
                + policies.duplicates().size() + (policies.duplicates().isEmpty() ? "" : " " + policies.duplicates());
    }
}
