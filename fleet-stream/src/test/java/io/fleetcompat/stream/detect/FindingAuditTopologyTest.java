package io.fleetcompat.stream.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.stream.support.FleetDriver;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every detection finding and every observed cost of a denial is an audit record, written once. */
class FindingAuditTopologyTest {

    private static final String GUEST = "guest-1";
    private final FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults()).withHostsAnnounced();

    @AfterEach
    void close() {
        fleet.close();
    }

    private static List<AuditRecord> ofAction(List<AuditRecord> audits, AuditAction action) {
        return audits.stream().filter(a -> a.getAction() == action).toList();
    }

    /** A guest denied predictively whose resume landed on the modern host under the denial, domain 2. */
    private void deniedAndResumedOnModern() {
        fleet.bornOnLegacyAndHibernated(GUEST, 1);
        PolicyDirective deny = fleet.directives().get(0);
        fleet.resumeOnModern(GUEST, 2, deny, true);
        fleet.audit.readValuesToList();
    }

    @Test
    void shouldAuditAPredictiveHazardOnceWithItsEvidence() {
        fleet.bornOnLegacyAndHibernated(GUEST, 1);

        List<AuditRecord> hazards = ofAction(fleet.audit.readValuesToList(), AuditAction.HAZARD_DETECTED);
        assertThat(hazards).hasSize(1);
        AuditRecord hazard = hazards.get(0);
        assertThat(hazard.getSubject()).isEqualTo(GUEST);
        assertThat(hazard.getDecision()).startsWith("hazard (predictive)");
        assertThat(hazard.getActor()).isEqualTo("fleet-stream/detectors");
        assertThat(hazard.getEvidenceEventIds()).contains(SimHost.eventIdOf("host-legacy", 2),
                SimHost.eventIdOf("host-legacy", 4));

        // When the same facts come again (an outbox replay) and the guest's resume is created later
        fleet.send(GUEST, Events.hibernated(fleet.legacy.header(4, SimHost.eventIdOf("host-legacy", 4)), GUEST, 1,
                EvtchnAbi.TWO_LEVEL));
        PolicyDirective deny = fleet.directives().get(0);
        fleet.send(GUEST, Events.created(fleet.modern.next(), GUEST, 2, CreateKind.RESUME_FROM_HIBERNATION,
                deny.getControls().getEvtchnFifo(), PolicyTargetKeys.keyOf(deny.getTarget()), deny.getVersion()));

        // Then the hazard is not audited again
        assertThat(ofAction(fleet.audit.readValuesToList(), AuditAction.HAZARD_DETECTED)).isEmpty();
    }

    @Test
    void shouldWriteTheSameFindingAuditsWhenTheSameEventsAreReplayed() {
        fleet.bornOnLegacyAndHibernated(GUEST, 1);
        fleet.resumeOnModern(GUEST, 2, null, false);
        List<AuditRecord> live = fleet.audit.readValuesToList();

        try (FleetDriver replay = new FleetDriver(FleetStreamConfig.defaults()).withHostsAnnounced()) {
            replay.bornOnLegacyAndHibernated(GUEST, 1);
            replay.resumeOnModern(GUEST, 2, null, false);

            assertThat(replay.audit.readValuesToList()).isEqualTo(live);
        }
        assertThat(live).extracting(AuditRecord::getAction).contains(AuditAction.HAZARD_DETECTED);
    }

    @Test
    void shouldAuditAReactiveHazardWithTheFailedResume() {
        fleet.bornOnLegacyAndHibernated(GUEST, 1);
        fleet.audit.readValuesToList();

        fleet.resumeOnModern(GUEST, 2, null, false);

        List<AuditRecord> hazards = ofAction(fleet.audit.readValuesToList(), AuditAction.HAZARD_DETECTED);
        assertThat(hazards).hasSize(1);
        assertThat(hazards.get(0).getDecision()).startsWith("hazard (reactive)");
        assertThat(hazards.get(0).getEvidenceEventIds()).containsExactly(SimHost.eventIdOf("host-legacy", 4),
                SimHost.eventIdOf("host-modern", 3));
        assertThat(hazards.get(0).getPolicyVersion()).isEqualTo(1L);
    }

    @Test
    void shouldAuditAnInterlockHazard() {
        fleet.send(GUEST, Events.freshBoot(fleet.modern.next(), GUEST, 1));
        fleet.send(GUEST, Events.booted(fleet.modern.next(), GUEST, 1, EvtchnAbi.FIFO));
        fleet.send(GUEST, Events.refusedIntoDeniedDomain(fleet.modern.next(), GUEST));

        List<AuditRecord> hazards = ofAction(fleet.audit.readValuesToList(), AuditAction.HAZARD_DETECTED);
        assertThat(hazards).hasSize(1);
        assertThat(hazards.get(0).getDecision()).startsWith("hazard (interlock)");
        assertThat(hazards.get(0).getReason()).contains("refused a FIFO guest");
        assertThat(hazards.get(0).getEvidenceEventIds()).containsExactly(SimHost.eventIdOf("host-modern", 4));
    }

    @Test
    void shouldAuditTheCostOfADeniedGuestHittingThePortLimit() {
        deniedAndResumedOnModern();

        fleet.send(GUEST, Events.bindInterdomain(fleet.modern.next(), GUEST, 2, true));

        List<AuditRecord> costs = ofAction(fleet.audit.readValuesToList(), AuditAction.COST_OBSERVED);
        assertThat(costs).hasSize(1);
        assertThat(costs.get(0).getDecision())
                .isEqualTo("cost: -ENOSPC under a FIFO denial: domain 2 on host-modern ran out of 2-level ports");
        assertThat(costs.get(0).getEvidenceEventIds()).containsExactly(SimHost.eventIdOf("host-modern", 4));
    }

    @Test
    void shouldAuditTheCostOncePerDomainThatRunsOutOfPorts() {
        deniedAndResumedOnModern();

        // Successful binds (rc 0) say nothing of the ports; the domain's retries after its first -ENOSPC add nothing
        fleet.send(GUEST, Events.bindInterdomain(fleet.modern.next(), GUEST, 2, false));
        fleet.send(GUEST, Events.bindInterdomain(fleet.modern.next(), GUEST, 2, true));
        fleet.send(GUEST, Events.bindInterdomain(fleet.modern.next(), GUEST, 2, true));
        assertThat(ofAction(fleet.audit.readValuesToList(), AuditAction.COST_OBSERVED)).hasSize(1);

        // The guest's next domain, still denied, starts with a fresh port table and runs out again
        fleet.send(GUEST, Events.destroyed(fleet.modern.next(), GUEST, 2, DestroyReason.REBOOT));
        fleet.send(GUEST, Events.created(fleet.modern.next(), GUEST, 3, CreateKind.FRESH_BOOT, ControlSetting.DENY,
                "instance:" + GUEST, 1L));
        assertThat(fleet.guest(GUEST).ports().enospcFailures()).isZero();
        fleet.send(GUEST, Events.bindInterdomain(fleet.modern.next(), GUEST, 3, true));

        List<AuditRecord> costs = ofAction(fleet.audit.readValuesToList(), AuditAction.COST_OBSERVED);
        assertThat(costs).extracting(AuditRecord::getDecision).singleElement().asString().contains("domain 3");
    }

    @Test
    void shouldNotAuditACostForAGuestThatIsNotDenied() {
        fleet.send(GUEST, Events.freshBoot(fleet.modern.next(), GUEST, 1));
        fleet.send(GUEST, Events.bindInterdomain(fleet.modern.next(), GUEST, 1, true));

        assertThat(ofAction(fleet.audit.readValuesToList(), AuditAction.COST_OBSERVED)).isEmpty();
    }
}
