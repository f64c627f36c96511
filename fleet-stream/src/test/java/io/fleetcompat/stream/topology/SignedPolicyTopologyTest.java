package io.fleetcompat.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.rollout.RolloutSettings.GateFailureAction;
import io.fleetcompat.rules.rollout.WaveProgress;
import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.PolicyAck;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.stream.support.FleetDriver;
import io.fleetcompat.stream.support.TestPolicyKeys;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Directives leave for fleet.policy signed ({@link FleetDriver#directives()} checks every signature against the
 * agents' view of the key), and an agent's refusal of a record whose signature did not verify stays out of the
 * rollout's gates: that record need not be fleet-stream's.
 */
class SignedPolicyTopologyTest {

    private static final String FAMILY_KEY = "family:linux-5.10@PROPOSED";
    private final FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults().withEscalationThreshold(2)
            .withAutoApprove(true).withRollout(List.of(0.5, 1.0), 2, GateFailureAction.ROLLBACK)).withHostsAnnounced();

    @AfterEach
    void close() {
        fleet.close();
    }

    @Test
    void shouldSignInstanceAndFamilyDirectivesWithTheConfiguredKey() {
        fleet.bornOnLegacyAndHibernated("hazard-1", 1);
        fleet.bornOnLegacyAndHibernated("hazard-2", 2);

        List<PolicyDirective> directives = fleet.directives();

        assertThat(directives).extracting(d -> d.getTarget().getKind())
                .contains(PolicyTargetKind.INSTANCE, PolicyTargetKind.FAMILY);
        assertThat(directives).allSatisfy(d -> assertThat(d.getSignature().getKeyId()).isEqualTo(TestPolicyKeys.KEY_ID));
    }

    @Test
    void shouldKeepSignatureRefusalsOutOfTheRolloutGates() {
        // Given a running rollout whose wave tolerates no rejected ack (ROLLBACK on a failed gate)
        fleet.bornOnLegacyAndHibernated("hazard-1", 1);
        fleet.bornOnLegacyAndHibernated("hazard-2", 2);
        PolicyDirective wave0 = fleet.directives().stream()
                .filter(d -> PolicyTargetKeys.keyOf(d.getTarget()).equals(FAMILY_KEY)).findFirst().orElseThrow();

        // When agents refuse forged records at the wave's version for each signature reason
        for (AckRejectReason reason : List.of(AckRejectReason.UNSIGNED, AckRejectReason.UNKNOWN_SIGNING_KEY,
                AckRejectReason.BAD_SIGNATURE)) {
            fleet.send(FAMILY_KEY, refusal(wave0, reason));
        }

        // Then the wave counted none of them, and any other rejection still counts
        assertThat(activeWave().acks()).isZero();
        assertThat(activeWave().rejectedAcks()).isZero();
        fleet.send(FAMILY_KEY, refusal(wave0, AckRejectReason.UNSUPPORTED_BY_PROFILE));
        assertThat(activeWave().acks()).isEqualTo(1);
        assertThat(activeWave().rejectedAcks()).isEqualTo(1);
    }

    private PolicyAck refusal(PolicyDirective directive, AckRejectReason reason) {
        PolicyAck ack = Events.ack(fleet.modern.next(), directive, AckOutcome.REJECTED, null, 0);
        ack.setRejectReason(reason);
        ack.setAppliedControls(null);
        return ack;
    }

    private WaveProgress activeWave() {
        return fleet.family(FAMILY_KEY).rollout().activeWave();
    }
}
