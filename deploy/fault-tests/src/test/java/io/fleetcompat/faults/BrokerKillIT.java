package io.fleetcompat.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.faults.support.Brokers;
import io.fleetcompat.faults.support.FaultReport;
import io.fleetcompat.faults.support.Fleet;
import io.fleetcompat.faults.support.FleetAudit;
import io.fleetcompat.faults.support.RolloutHistory;
import io.fleetcompat.faults.support.RunningFleet;
import io.fleetcompat.faults.support.SimulatedAgents;
import io.fleetcompat.faults.support.StreamInstance;
import io.fleetcompat.launcher.audit.AppendedLedgerFile;
import io.fleetcompat.schema.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 1: three brokers (each its own JVM; every fleet topic with 3 copies and min.insync.replicas 2), two
 * fleet-stream instances with a standby of each task, a simulated fleet whose family rollout is running; the broker
 * leading fleet.events partition 0 is SIGKILLed (no controlled shutdown) and started again later. Nothing is lost or
 * folded twice, no policy version is written twice or skipped, and the rollout reaches its end.
 */
class BrokerKillIT {

    @Test
    void shouldLoseNothingAndFinishTheRolloutWhenABrokerIsKilledMidRollout() throws Exception {
        FaultReport report = new FaultReport("broker-kill");
        try (Fleet fleet = Fleet.create("broker-kill")) {
            // Given three brokers, two fleet-stream instances and a fleet rolling a family denial out
            RunningFleet running = RunningFleet.start(fleet, 3, 2, StreamInstance.FAILOVER, Duration.ofSeconds(45),
                    List.of());
            Brokers kafka = running.kafka();
            SimulatedAgents agents = running.agents();
            agents.awaitProgress(Duration.ofSeconds(15), Duration.ofSeconds(120));

            // When the leader of fleet.events-0 is SIGKILLed, and started again 13 s of the fleet's run later
            int victim = leaderOfEventsPartitionZero(kafka.bootstrap());
            kafka.kill(victim);
            agents.awaitProgress(Duration.ofSeconds(28), Duration.ofSeconds(120));
            kafka.restart(victim);
            agents.awaitEnd(Duration.ofSeconds(240));
            AppendedLedgerFile appended = agents.ledger();
            FleetAudit audit = running.audit();
            RolloutHistory rollouts = RolloutHistory.read(kafka.bootstrap());
            report.put("broker killed", "node " + victim).put("appended", audit.delivery().appended())
                    .put("events lost", audit.delivery().lost()).put("folded twice", audit.delivery().foldedTwice())
                    .put("resent", audit.delivery().resent())
                    .put("policy versions issued", audit.policies().issued())
                    .put("duplicate policy versions", audit.policies().duplicates().size())
                    .put("policy versions skipped", audit.policies().gaps().size())
                    .put("rollouts", rollouts.finalPhases()).put("rollout transitions", rollouts.transitions()).write();

            // Then
            assertThat(appended.drained()).isTrue();
            audit.assertClean();
            rollouts.assertCompletedWithoutLostOrRepeatedTransitions(kafka.bootstrap());
        }
    }

    private static int leaderOfEventsPartitionZero(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.describeTopics(List.of(Topics.EVENTS.name())).allTopicNames().get().get(Topics.EVENTS.name())
                    .partitions().get(0).leader().id();
        }
    }
}
