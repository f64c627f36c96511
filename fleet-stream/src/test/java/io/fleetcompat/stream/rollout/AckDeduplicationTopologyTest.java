package io.fleetcompat.stream.rollout;

import io.fleetcompat.rules.rollout.WaveProgress;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.stream.support.FleetDriver;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import io.fleetcompat.rules.rollout.RolloutSettings.GateFailureAction;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Acks without a domain are keyed by policy key and deduplicated by (host, sequence) like guest events. */
class AckDeduplicationTopologyTest {

    private final FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults().withEscalationThreshold(2)
            .withAutoApprove(true).withRollout(List.of(0.5, 1.0), 2, GateFailureAction.PAUSE)).withHostsAnnounced();
    private PolicyDirective wave0;

    @AfterEach
    void close() {
        fleet.close();
    }

    private void runningRollout() {
        fleet.bornOnLegacyAndHibernated("hazard-1", 1);
        fleet.bornOnLegacyAndHibernated("hazard-2", 2);
        wave0 = fleet.directives().stream().filter(d -> d.getTarget().getKind() == PolicyTargetKind.FAMILY)
                .findFirst().orElseThrow();
    }

    private WaveProgress activeWave() {
        return fleet.family(RolloutTopologyTest.FAMILY_KEY).rollout().activeWave();
    }

    @Test
    void shouldCountAReplayedDomainlessAckOnce() {
        runningRollout();
        EventHeader header = fleet.modern.next();

        fleet.send(RolloutTopologyTest.FAMILY_KEY, Events.ack(header, wave0, AckOutcome.REJECTED, null, 0));
        fleet.send(RolloutTopologyTest.FAMILY_KEY, Events.ack(header, wave0, AckOutcome.REJECTED, null, 0));

        assertThat(activeWave().acks()).isEqualTo(1);
        assertThat(activeWave().rejectedAcks()).isEqualTo(1);
        assertThat(fleet.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterADomainlessAckWhoseSequenceGoesBackwards() {
        runningRollout();
        EventHeader first = fleet.modern.next();
        fleet.send(RolloutTopologyTest.FAMILY_KEY, Events.ack(first, wave0, AckOutcome.APPLIED, null, 0));

        EventHeader reused = fleet.modern.header(first.getSequence(), "another-event-id");
        fleet.send(RolloutTopologyTest.FAMILY_KEY, Events.ack(reused, wave0, AckOutcome.REJECTED, null, 0));

        assertThat(fleet.deadLetters.readValue().getErrorMessage())
                .contains("sequence going backwards", "key " + RolloutTopologyTest.FAMILY_KEY);
        assertThat(activeWave().acks()).isEqualTo(1);
        assertThat(activeWave().rejectedAcks()).isZero();
    }

    @Test
    void shouldCountDistinctDomainlessAcksFromSeveralHosts() {
        runningRollout();

        fleet.send(RolloutTopologyTest.FAMILY_KEY, Events.ack(fleet.modern.next(), wave0, AckOutcome.APPLIED, null, 0));
        fleet.send(RolloutTopologyTest.FAMILY_KEY, Events.ack(fleet.legacy.next(), wave0, AckOutcome.APPLIED, null, 0));
        fleet.send(RolloutTopologyTest.FAMILY_KEY, Events.ack(fleet.modern.next(), wave0, AckOutcome.APPLIED, null, 0));

        assertThat(activeWave().acks()).isEqualTo(3);
    }
}
