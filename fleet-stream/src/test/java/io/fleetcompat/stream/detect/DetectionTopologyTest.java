package io.fleetcompat.stream.detect;

import io.fleetcompat.rules.detect.FamilySignals;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.LiftKind;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.stream.support.FleetDriver;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DetectionTopologyTest {

    private static final String GUEST = "guest-1";
    private final FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults()).withHostsAnnounced();

    @AfterEach
    void close() {
        fleet.close();
    }

    @Test
    void shouldDenyFifoPredictivelyWhenA2LevelImageOfAFifoAwareKernelCanResumeOnAFifoHost() {
        fleet.bornOnLegacyAndHibernated(GUEST, 1);

        List<PolicyDirective> directives = fleet.directives();
        assertThat(directives).hasSize(1);
        PolicyDirective deny = directives.get(0);
        assertThat(deny.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
        assertThat(deny.getReason().getCode()).isEqualTo(PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST);
        assertThat(deny.getVersion()).isEqualTo(1L);
        assertThat(deny.getCohortFraction()).isEqualTo(1.0);
        assertThat(deny.getLiftCondition().getKind()).isEqualTo(LiftKind.IMAGE_CONSUMED);
        // The kernel profile (DomainCreated, sequence 1) and the image (GuestHibernated, sequence 3) are the evidence.
        assertThat(deny.getEvidenceEventIds()).contains(SimHost.eventIdOf("host-legacy", 2),
                SimHost.eventIdOf("host-legacy", 4));
        assertThat(fleet.guest(GUEST).birth().abi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        assertThat(fleet.guest(GUEST).image().abi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
    }

    @Test
    void shouldNotDenyWhenNoHostInTheFleetOffersFifo() {
        try (FleetDriver legacyOnly = new FleetDriver(FleetStreamConfig.defaults())) {
            legacyOnly.announce(legacyOnly.legacy);
            legacyOnly.bornOnLegacyAndHibernated(GUEST, 1);

            assertThat(legacyOnly.directives()).isEmpty();
            assertThat(legacyOnly.guest(GUEST).image()).isNotNull();
        }
    }

    @Test
    void shouldDenyOnceTheFirstFifoCapableHostHasAnnouncedItselfBeforeItSentAnyEvent() {
        try (FleetDriver upgrading = new FleetDriver(FleetStreamConfig.defaults())) {
            upgrading.announce(upgrading.legacy);
            upgrading.bornOnLegacyAndHibernated("guest-before", 1);
            upgrading.announce(upgrading.modern);
            upgrading.bornOnLegacyAndHibernated(GUEST, 2);

            assertThat(upgrading.directives()).extracting(d -> d.getTarget().getInstanceId()).containsExactly(GUEST);
        }
    }

    @Test
    void shouldNotDenyWhenTheImageRecordsFifo() {
        fleet.send(GUEST, Events.freshBoot(fleet.modern.next(), GUEST, 1));
        fleet.send(GUEST, Events.booted(fleet.modern.next(), GUEST, 1, EvtchnAbi.FIFO));
        fleet.send(GUEST, Events.hibernated(fleet.modern.next(), GUEST, 1, EvtchnAbi.FIFO));

        assertThat(fleet.directives()).isEmpty();
        assertThat(fleet.guest(GUEST).everEngagedFifo()).isTrue();
    }

    @Test
    void shouldDenyReactivelyOnASection8ResumeFailure() {
        // Given a guest whose hibernation was never reported as a hazard (its kernel profile hides FIFO)
        try (FleetDriver f = new FleetDriver(FleetStreamConfig.defaults())) {
            f.announce(f.legacy);
            f.bornOnLegacyAndHibernated(GUEST, 1);
            f.announce(f.modern);
            assertThat(f.directives()).isEmpty();

            // When its resume on the modern host hangs with the §8 signature
            f.resumeOnModern(GUEST, 7, null, false);

            // Then the next resume is denied FIFO because of the observed failure
            PolicyDirective deny = f.directives().get(0);
            assertThat(deny.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
            assertThat(deny.getReason().getCode()).isIn(PolicyReasonCode.RESUME_FAILURE_OBSERVED,
                    PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST);
            assertThat(f.guest(GUEST).lastResume().orElseThrow().hasSection8Signature()).isTrue();
        }
    }

    @Test
    void shouldNeedNoInterlockPermitForAFifoCheckpointOnceTheImageBoundDenialIsLifted() {
        // Given a guest denied FIFO for its 2-level image, which then resumed it and runs FIFO on a fresh boot
        fleet.bornOnLegacyAndHibernated(GUEST, 1);
        fleet.directives();
        fleet.resumeOnModern(GUEST, 2, null, true);
        assertThat(fleet.directives()).extracting(d -> d.getReason().getCode()).containsExactly(PolicyReasonCode.LIFTED);
        fleet.send(GUEST, Events.booted(fleet.modern.next(), GUEST, 2, EvtchnAbi.FIFO));

        // When it is saved with the FIFO ABI
        fleet.send(GUEST, Events.saved(fleet.modern.next(), GUEST, 2, EvtchnAbi.FIFO));

        // Then nothing: the denial spoke for that image's resume only, and it is lifted (the interlock of 7.4 is
        // for denials of every create, tested against the step in fleet-rules)
        assertThat(fleet.directives()).isEmpty();
    }

    @Test
    void shouldPermitFifoWhenAnAgentRefusedAFifoGuestIntoADeniedDomain() {
        fleet.send(GUEST, Events.freshBoot(fleet.modern.next(), GUEST, 1));
        fleet.send(GUEST, Events.booted(fleet.modern.next(), GUEST, 1, EvtchnAbi.FIFO));
        fleet.send(GUEST, Events.refusedIntoDeniedDomain(fleet.modern.next(), GUEST));

        PolicyDirective permit = fleet.directives().get(0);
        assertThat(permit.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.PERMIT);
        assertThat(permit.getEvidenceEventIds()).containsExactly(SimHost.eventIdOf("host-modern", 4));
    }

    @Test
    void shouldLiftTheDenialWhenTheGuestBootsFreshAndHibernatesUnderFifo() {
        // Given a denied guest whose image was consumed
        fleet.bornOnLegacyAndHibernated(GUEST, 1);
        PolicyDirective deny = fleet.directives().get(0);
        fleet.resumeOnModern(GUEST, 2, deny, true);
        fleet.send(GUEST, Events.destroyed(fleet.modern.next(), GUEST, 2, DestroyReason.SHUTDOWN));

        // When it boots fresh (no image pending) and later hibernates with a FIFO image
        fleet.send(GUEST, Events.created(fleet.modern.next(), GUEST, 3, CreateKind.FRESH_BOOT, ControlSetting.UNSET,
                null, null));
        fleet.send(GUEST, Events.booted(fleet.modern.next(), GUEST, 3, EvtchnAbi.FIFO));
        fleet.send(GUEST, Events.hibernated(fleet.modern.next(), GUEST, 3, EvtchnAbi.FIFO));

        // Then the denial is lifted by a new version that unsets evtchn_fifo
        List<PolicyDirective> after = fleet.directives();
        assertThat(after).hasSize(1);
        assertThat(after.get(0).getControls().getEvtchnFifo()).isEqualTo(ControlSetting.UNSET);
        assertThat(after.get(0).getReason().getCode()).isEqualTo(PolicyReasonCode.LIFTED);
        assertThat(after.get(0).getVersion()).isEqualTo(2L);
        assertThat(fleet.audit.readValuesToList()).extracting(AuditRecord::getAction)
                .contains(io.fleetcompat.schema.avro.AuditAction.POLICY_LIFTED);
    }

    @Test
    void shouldLiftTheDenialWhenTheGuestBootsFreshOverItsPendingImageAndHibernatesUnderFifo() {
        // Given a guest denied for its pending 2-level image
        fleet.bornOnLegacyAndHibernated(GUEST, 1);
        fleet.directives();

        // When it boots fresh instead of resuming (Linux discards the image), then hibernates under FIFO
        fleet.send(GUEST, Events.freshBoot(fleet.modern.next(), GUEST, 2));
        assertThat(fleet.guest(GUEST).image()).isNull();
        fleet.send(GUEST, Events.booted(fleet.modern.next(), GUEST, 2, EvtchnAbi.FIFO));
        fleet.send(GUEST, Events.hibernated(fleet.modern.next(), GUEST, 2, EvtchnAbi.FIFO));

        // Then the denial is lifted
        assertThat(fleet.directives()).extracting(d -> d.getReason().getCode())
                .containsExactly(PolicyReasonCode.LIFTED);
    }

    @Test
    void shouldRefuseAResumeOfTheImageAFreshBootDiscarded() {
        fleet.bornOnLegacyAndHibernated(GUEST, 1);
        fleet.send(GUEST, Events.freshBoot(fleet.legacy.next(), GUEST, 2));
        fleet.send(GUEST, Events.destroyed(fleet.legacy.next(), GUEST, 2, DestroyReason.SHUTDOWN));

        fleet.resumeOnModern(GUEST, 3, null, true);

        assertThat(fleet.deadLetters.readValuesToList()).extracting(d -> d.getErrorMessage().toString())
                .anyMatch(r -> r.contains("without a pending hibernation image"));
        assertThat(fleet.guest(GUEST).resumes()).isEmpty();
    }

    @Test
    void shouldCountPortLimitFailuresOfADeniedDomainAsCost() {
        fleet.bornOnLegacyAndHibernated(GUEST, 1);
        PolicyDirective deny = fleet.directives().get(0);
        fleet.resumeOnModern(GUEST, 2, deny, true);

        fleet.send(GUEST, Events.bindInterdomain(fleet.modern.next(), GUEST, 2, false));
        fleet.send(GUEST, Events.bindInterdomain(fleet.modern.next(), GUEST, 2, true));
        fleet.send(GUEST, Events.bindInterdomain(fleet.modern.next(), GUEST, 2, true));

        // Two failures of one domain at its limit: counted both, evidence of one domain out of ports
        assertThat(fleet.guest(GUEST).ports().enospcUnderDenial()).isEqualTo(2);
        assertThat(fleet.guest(GUEST).ports().enospcFailures()).isEqualTo(2);
        String familyKey = FamilySignals.familyKey(Events.FAMILY, XenProfile.PROPOSED);
        assertThat(fleet.family(familyKey).evidence().buckets()).extracting(b -> b.portLimitFailures())
                .containsExactly(1);
    }

    @Test
    void shouldRaiseTheCostOnceForTheFailureNotForLaterCallsOfOtherDomains() {
        fleet.bornOnLegacyAndHibernated(GUEST, 1);
        PolicyDirective deny = fleet.directives().get(0);
        fleet.resumeOnModern(GUEST, 2, deny, true);
        fleet.send(GUEST, Events.bindInterdomain(fleet.modern.next(), GUEST, 2, true));

        // Later calls that are not this domain's -ENOSPC: a success, and another domain's call (e.g. a migration's
        // target while the source still runs)
        fleet.send(GUEST, Events.bindInterdomain(fleet.modern.next(), GUEST, 2, false));
        fleet.send(GUEST, Events.bindInterdomain(fleet.modern.next(), GUEST, 3, false));

        String familyKey = FamilySignals.familyKey(Events.FAMILY, XenProfile.PROPOSED);
        assertThat(fleet.family(familyKey).evidence().buckets()).extracting(b -> b.portLimitFailures())
                .containsExactly(1);
    }

    @Test
    void shouldKeepFamilyEvidenceOfHazardsAndFailuresPerFamilyAndProfile() {
        fleet.bornOnLegacyAndHibernated("guest-a", 1);
        fleet.bornOnLegacyAndHibernated("guest-b", 2);
        fleet.resumeOnModern("guest-b", 3, null, false);

        String familyKey = FamilySignals.familyKey(Events.FAMILY, XenProfile.PROPOSED);
        var window = fleet.family(familyKey).evidence().window(fleet.clock.now(), 3_600_000, 600_000);
        assertThat(window.hazards()).isEqualTo(2);
        assertThat(window.signatureFailures()).isEqualTo(1);
        assertThat(window.resumeFailureRate()).isEqualTo(1.0);
    }
}
