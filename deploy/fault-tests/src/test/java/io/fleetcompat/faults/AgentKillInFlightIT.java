package io.fleetcompat.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.faults.support.FaultReport;
import io.fleetcompat.faults.support.Fleet;
import io.fleetcompat.faults.support.FleetAudit;
import io.fleetcompat.faults.support.RunningFleet;
import io.fleetcompat.faults.support.SimulatedAgents;
import io.fleetcompat.launcher.audit.AppendedLedgerFile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 4: the simulated agents are SIGKILLed with the broker reachable and sends in flight (a fleet
 * running at 400 operations a second, the outbox checkpointed once a second), then restarted on the same outbox.
 * Nothing appended is lost; what was sent but not checkpointed is sent again and fleet-stream drops it by host
 * sequence, so nothing is folded twice.
 */
class AgentKillInFlightIT {

    @Test
    void shouldLoseNothingAndFoldNothingTwiceWhenAgentsDieWithSendsInFlight() throws Exception {
        FaultReport report = new FaultReport("agent-kill-in-flight");
        try (Fleet fleet = Fleet.create("agent-kill-in-flight")) {
            // Given a broker, fleet-stream and a simulated fleet sending as fast as it can make events
            RunningFleet running = RunningFleet.start(fleet, 1, 1, Map.of(), Duration.ofSeconds(60),
                    List.of("--max-rate=400"));
            SimulatedAgents agents = running.agents();

            // When they are SIGKILLed mid-run
            agents.awaitProgress(Duration.ofSeconds(10), Duration.ofSeconds(120));
            agents.kill();

            // And restarted on the same outbox (new guests: the old ones died with the process)
            agents.restart(2, Duration.ofSeconds(10));
            agents.awaitEnd(Duration.ofSeconds(180));
            AppendedLedgerFile appended = agents.ledger();
            assertThat(appended.drained()).as("the restarted agents drained their outbox").isTrue();
            FleetAudit audit = running.audit();
            report.put("appended", audit.delivery().appended()).put("resent after the kill", audit.delivery().resent())
                    .put("duplicates dropped by the fold", audit.delivery().duplicatesDropped())
                    .put("events lost", audit.delivery().lost()).put("folded twice", audit.delivery().foldedTwice())
                    .put("duplicate policy versions", audit.policies().duplicates().size()).write();

            // Then every appended event is on Kafka and folded once, and the kill did catch sends in flight
            audit.assertClean();
            assertThat(audit.delivery().resent()).as("records sent again after the kill; %s", audit.describe())
                    .isPositive();
            assertThat(audit.delivery().duplicatesDropped()).as(audit.describe()).isPositive();
        }
    }
}
