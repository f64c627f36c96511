package io.fleetcompat.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetcompat.faults.support.Brokers;
import io.fleetcompat.faults.support.FaultReport;
import io.fleetcompat.faults.support.Fleet;
import io.fleetcompat.faults.support.FleetAudit;
import io.fleetcompat.faults.support.RolloutHistory;
import io.fleetcompat.faults.support.RunningFleet;
import io.fleetcompat.faults.support.SimulatedAgents;
import io.fleetcompat.faults.support.StreamInstance;
import io.fleetcompat.launcher.audit.AppendedLedgerFile;
import io.fleetcompat.launcher.audit.FoldLedger;
import io.fleetcompat.launcher.audit.WireEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 3: two fleet-stream instances with a standby of each task; one is SIGKILLed mid-transaction during a
 * rollout (it commits every 100 ms under exactly-once, so a kill always lands inside one) and the other takes over;
 * the killed one comes back with an empty state directory and restores from the changelogs. No policy version is
 * written twice or skipped, no rollout transition is lost or repeated, nothing is lost or folded twice, and once the
 * other instance is gone too, the restored one answers every guest exactly as before.
 */
class StreamKillIT {

    private static final Duration READ = Duration.ofSeconds(120);

    @Test
    void shouldFailOverWithoutDuplicateVersionsAndRestoreAnEmptyStateDirToTheSameState() throws Exception {
        FaultReport report = new FaultReport("stream-kill");
        try (Fleet fleet = Fleet.create("stream-kill")) {
            // Given two instances and a fleet whose family rollout runs
            RunningFleet running = RunningFleet.start(fleet, 1, 2, StreamInstance.FAILOVER, Duration.ofSeconds(45),
                    List.of());
            Brokers kafka = running.kafka();
            StreamInstance a = running.streams().get(0);
            StreamInstance b = running.streams().get(1);
            SimulatedAgents agents = running.agents();

            // When one instance is SIGKILLed while it processes, and comes back later with an empty state dir
            agents.awaitProgress(Duration.ofSeconds(15), Duration.ofSeconds(120));
            a.kill();
            agents.awaitProgress(Duration.ofSeconds(28), Duration.ofSeconds(120));
            a.restartWithEmptyState();
            agents.awaitEnd(Duration.ofSeconds(240));
            AppendedLedgerFile appended = agents.ledger();
            FleetAudit audit = FleetAudit.of(fleet, kafka.bootstrap(), b.url(), appended.lastSequences());
            RolloutHistory rollouts = RolloutHistory.read(kafka.bootstrap());

            // Then nothing was lost, folded twice, written twice or skipped, and the rollout ended
            audit.assertClean();
            rollouts.assertCompletedWithoutLostOrRepeatedTransitions(kafka.bootstrap());

            // And when the other instance goes too, the restored one serves every guest as the two did together
            Set<String> guests = audit.wire().events().stream()
                    .map(WireEvent::instanceId).filter(id -> id != null).collect(Collectors.toSet());
            Map<String, JsonNode> before = FoldLedger.states(b.url(), guests, READ);
            b.kill();
            a.awaitReady();
            Map<String, JsonNode> after = FoldLedger.states(a.url(), guests, READ);
            long differing = before.keySet().stream().filter(g -> !before.get(g).equals(after.get(g))).count();
            report.put("appended", audit.delivery().appended()).put("events lost", audit.delivery().lost())
                    .put("folded twice", audit.delivery().foldedTwice())
                    .put("duplicates dropped", audit.delivery().duplicatesDropped())
                    .put("policy versions issued", audit.policies().issued())
                    .put("duplicate policy versions", audit.policies().duplicates().size())
                    .put("policy versions skipped", audit.policies().gaps().size())
                    .put("rollouts", rollouts.finalPhases()).put("rollout transitions", rollouts.transitions())
                    .put("guests compared after the restore", before.size()).put("guests differing", differing).write();
            assertThat(after.keySet()).isEqualTo(before.keySet());
            assertThat(differing).as("guests whose restored state differs").isZero();
        }
    }
}
