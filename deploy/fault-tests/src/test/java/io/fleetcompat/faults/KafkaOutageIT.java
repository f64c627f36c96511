package io.fleetcompat.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.faults.support.Brokers;
import io.fleetcompat.faults.support.FaultReport;
import io.fleetcompat.faults.support.Fleet;
import io.fleetcompat.faults.support.FleetAudit;
import io.fleetcompat.faults.support.Scenarios;
import io.fleetcompat.faults.support.SimulatedAgents;
import io.fleetcompat.faults.support.StreamInstance;
import io.fleetcompat.faults.support.TcpProxy;
import io.fleetcompat.faults.support.WireRecords;
import io.fleetcompat.kafka.embedded.FreePorts;
import io.fleetcompat.launcher.audit.AppendedLedgerFile;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.AgentAlarm;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.HostStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 2: a TCP proxy between the agents and the broker black-holes their connections for 60 s while
 * fleet-stream keeps its own. The agents go on creating domains under the directives in their stored policy table;
 * their outbox grows and drains once the network is back, and every event is folded once. Then, with a small outbox,
 * a second cut fills it: it refuses events with an OUTBOX_FULL alarm and a refusal count the outbox keeps across a
 * restart, and nothing it had accepted is lost or folded twice.
 */
class KafkaOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void shouldKeepWorkingOnStoredPolicyBufferThenDrainAndReportRefusalsAcrossRestarts() throws Exception {
        FaultReport report = new FaultReport("kafka-outage-at-agents");
        try (Fleet fleet = Fleet.create("kafka-outage-at-agents")) {
            // Given a broker with a listener the agents reach only through the proxy
            int firstPort = FreePorts.consecutive(2);
            List<Integer> free = FreePorts.distinct(2);
            int agentsPort = free.get(0);
            TcpProxy proxy = TcpProxy.start(free.get(1), agentsPort);
            Brokers kafka = Brokers.start(fleet, 1, firstPort, Map.of(0, Map.of(
                    "listeners", "PLAINTEXT://127.0.0.1:" + firstPort + ",CONTROLLER://127.0.0.1:" + (firstPort + 1)
                            + ",AGENTS://127.0.0.1:" + agentsPort,
                    "advertised.listeners", "PLAINTEXT://127.0.0.1:" + firstPort + ",AGENTS://127.0.0.1:" + proxy.port(),
                    "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,AGENTS:PLAINTEXT")));
            kafka.createTopics(3);
            StreamInstance stream = StreamInstance.start(fleet, "stream", kafka.bootstrap(), Map.of());
            String throughProxy = "127.0.0.1:" + proxy.port();
            SimulatedAgents agents = SimulatedAgents.start(fleet, "agents", throughProxy, Scenarios.faults(), 1,
                    Duration.ofSeconds(80), List.of());
            agents.awaitProgress(Duration.ofSeconds(15), Duration.ofSeconds(120));

            // When Kafka vanishes for the agents for 60 s of their run (fleet-stream keeps its own listener)
            Instant cut = Instant.now();
            proxy.blackHole();
            agents.awaitProgress(Duration.ofSeconds(15).plus(OUTAGE), OUTAGE.multipliedBy(2));
            Instant back = Instant.now();
            proxy.restore();
            agents.awaitEnd(Duration.ofSeconds(240));

            // Then the outbox drained, and every event appended during the outage is on Kafka and folded once
            AppendedLedgerFile afterOutage = agents.ledger();
            assertThat(afterOutage.drained()).isTrue();
            FleetAudit outage = FleetAudit.of(fleet, kafka.bootstrap(), stream.url(), afterOutage.lastSequences());
            outage.assertClean();
            // and meanwhile domains were created under the directives of the stored policy table
            long createdUnderStoredPolicy = WireRecords.read(kafka.bootstrap(), Topics.EVENTS.name(), DomainCreated.class)
                    .stream().filter(c -> c.getPolicyKey() != null).filter(c -> !c.getHeader().getEventTime().isBefore(cut)
                            && c.getHeader().getEventTime().isBefore(back)).count();
            assertThat(createdUnderStoredPolicy).as("creates under a stored directive during the outage").isPositive();

            // When the agents run again with a small outbox (256 KiB) and Kafka vanishes until it is full
            agents.restartWith(2, Duration.ofSeconds(25), List.of("--outbox-max-bytes=256k", "--outbox-segment-bytes=64k"));
            agents.awaitProgress(Duration.ofSeconds(5), Duration.ofSeconds(120));
            proxy.blackHole();
            agents.awaitLog("Outbox refused", Duration.ofSeconds(120));
            proxy.restore();
            agents.awaitEnd(Duration.ofSeconds(240));
            long refusedInTheRun = maxRefused(kafka.bootstrap(), afterOutage.lastSequences());
            Map<String, Long> beforeRestart = agents.ledger().lastSequences();
            // and once more, on the same outbox
            agents.restart(3, Duration.ofSeconds(5));
            agents.awaitEnd(Duration.ofSeconds(120));

            // Then the refusal raised the alarm, its count survived the restart, and nothing accepted was lost
            AppendedLedgerFile appended = agents.ledger();
            FleetAudit audit = FleetAudit.of(fleet, kafka.bootstrap(), stream.url(), appended.lastSequences());
            long alarms = WireRecords.read(kafka.bootstrap(), Topics.HOSTS.name(), HostStatus.class).stream()
                    .filter(s -> s.getAlarm() == AgentAlarm.OUTBOX_FULL).count();
            long refusedAfterRestart = maxRefused(kafka.bootstrap(), beforeRestart);
            report.put("outage s", OUTAGE.toSeconds()).put("appended through the outage", outage.delivery().appended())
                    .put("lost", outage.delivery().lost()).put("folded twice", outage.delivery().foldedTwice())
                    .put("creates under stored policy during the outage", createdUnderStoredPolicy)
                    .put("OUTBOX_FULL alarms", alarms).put("events refused (kept across the restart)", refusedAfterRestart)
                    .put("appended in all", audit.delivery().appended())
                    .put("lost in all", audit.delivery().lost()).put("folded twice in all", audit.delivery().foldedTwice())
                    .put("later events of guests with a refused event, dead-lettered", audit.delivery().deadLettered())
                    .put("duplicate policy versions", audit.policies().duplicates().size()).write();
            assertThat(alarms).as("OUTBOX_FULL alarms").isPositive();
            assertThat(refusedInTheRun).isPositive();
            assertThat(refusedAfterRestart).as("events_refused reported after the restart").isEqualTo(refusedInTheRun);
            // (a refused event leaves a hole in its guest's history: the fold dead-letters the guest's later events
            // that need it, with the reason; the count is a figure, not a failure)
            assertThat(audit.delivery().lostBeforeKafka()).as(audit.describe()).isZero();
            assertThat(audit.delivery().sequencesReused()).as(audit.describe()).isZero();
            assertThat(audit.delivery().lostInFold()).as(audit.describe()).isZero();
            assertThat(audit.delivery().foldedTwice()).as(audit.describe()).isZero();
            assertThat(audit.policies().duplicates()).isEmpty();
        }
    }

    /**
     * The highest events_refused any host reported; with {@code after} given, only in heartbeats written after those
     * sequences (the restarted run's).
     */
    private static long maxRefused(String bootstrap, Map<String, Long> after) {
        Map<String, Long> byHost = new HashMap<>();
        for (HostStatus status : WireRecords.read(bootstrap, Topics.HOSTS.name(), HostStatus.class)) {
            String host = status.getHeader().getHostId();
            if (status.getHeader().getSequence() > after.getOrDefault(host, 0L)) {
                byHost.merge(host, status.getEventsRefused(), Math::max);
            }
        }
        return byHost.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
