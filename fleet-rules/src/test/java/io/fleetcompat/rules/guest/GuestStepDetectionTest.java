package io.fleetcompat.rules.guest;

import static io.fleetcompat.rules.guest.GuestScenario.GUEST;
import static io.fleetcompat.rules.guest.GuestScenario.audits;
import static io.fleetcompat.rules.guest.GuestScenario.decisions;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.rules.detect.FamilySignal;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.policy.FamilyDenial;
import io.fleetcompat.rules.policy.InstanceDecision;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.LiftKind;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detectors as the step applies them: each finding, its audit, its directive and its family signals. */
class GuestStepDetectionTest {

    private final GuestScenario guest = new GuestScenario().withFifoHost();

    @Test
    void shouldDenyFifoForTheResumeWhenAFifoAwareGuestHibernatesTwoLevelAndTheFleetHasFifo() {
        StepResult<GuestState> hibernated = guest.bornOnLegacyAndHibernated();

        InstanceDecision decision = decisions(hibernated).get(0);
        assertThat(decision.directive().getControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
        assertThat(decision.directive().getReason().getCode()).isEqualTo(PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST);
        assertThat(decision.directive().getLiftCondition().getKind()).isEqualTo(LiftKind.IMAGE_CONSUMED);
        assertThat(audits(hibernated)).extracting(a -> a.getAction()).containsExactly(AuditAction.HAZARD_DETECTED);
        assertThat(decision.audit().getAction()).isEqualTo(AuditAction.POLICY_ISSUED);
        // The hazard counts towards the FIFO-capable profile the resume may land on.
        assertThat(hibernated.outputs(GuestOutput.Signal.class)).extracting(s -> s.signal().kind())
                .contains(FamilySignal.Kind.HAZARD);
        assertThat(guest.state.denied()).isTrue();
    }

    @Test
    void shouldFindNoHazardWhileNoHostOffersFifo() {
        GuestScenario legacyFleet = new GuestScenario();

        StepResult<GuestState> hibernated = legacyFleet.bornOnLegacyAndHibernated();

        assertThat(hibernated.outputs()).noneMatch(o -> o instanceof GuestOutput.Decision || o instanceof GuestOutput.Audit);
        assertThat(legacyFleet.state.image()).isNotNull();
    }

    @Test
    void shouldCountTheEventsOwnHostAsFifoCapableBeforeAnyHeartbeatSaidSo() {
        GuestScenario fleet = new GuestScenario();
        fleet.send(Events.freshBoot(fleet.modern.next(), GUEST, 1));
        fleet.send(Events.booted(fleet.modern.next(), GUEST, 1, EvtchnAbi.TWO_LEVEL));

        StepResult<GuestState> hibernated = fleet.send(Events.hibernated(fleet.modern.next(), GUEST, 1,
                EvtchnAbi.TWO_LEVEL));

        assertThat(decisions(hibernated)).hasSize(1);
    }

    @Test
    void shouldFireThePredictiveRuleOnceOnTheTransitionIntoIt() {
        guest.bornOnLegacyAndHibernated();

        StepResult<GuestState> destroyed = guest.send(Events.destroyed(guest.legacy.next(), GUEST, 1,
                DestroyReason.HIBERNATED));

        assertThat(destroyed.outputs()).noneMatch(o -> o instanceof GuestOutput.Decision || o instanceof GuestOutput.Audit);
    }

    @Test
    void shouldDenyFifoAfterAResumeFailsWithTheSection8SignatureAndNotAgainWhenDenied() {
        GuestScenario unwarned = new GuestScenario();
        unwarned.bornOnLegacyAndHibernated();
        unwarned.send(Events.destroyed(unwarned.legacy.next(), GUEST, 1, DestroyReason.HIBERNATED));
        unwarned.send(Events.created(unwarned.modern.next(), GUEST, 7, CreateKind.RESUME_FROM_HIBERNATION,
                ControlSetting.UNSET, null, null));

        StepResult<GuestState> failed = unwarned.send(Events.section8Failure(unwarned.modern.next(), GUEST, 7));

        assertThat(decisions(failed)).singleElement().satisfies(d -> assertThat(d.directive().getReason().getCode())
                .isEqualTo(PolicyReasonCode.RESUME_FAILURE_OBSERVED));
        assertThat(failed.outputs(GuestOutput.Signal.class)).extracting(s -> s.signal().kind())
                .contains(FamilySignal.Kind.SIGNATURE_FAILURE, FamilySignal.Kind.RESUME_FAILED);
        // The image stays pending; a second failure finds the guest already denied.
        StepResult<GuestState> again = unwarned.send(Events.section8Failure(unwarned.modern.next(), GUEST, 7));
        assertThat(decisions(again)).isEmpty();
        assertThat(audits(again)).extracting(a -> a.getAction()).containsExactly(AuditAction.HAZARD_DETECTED);
    }

    @Test
    void shouldPermitFifoWhenADeniedGuestSavesAFifoCheckpoint() {
        deniedGuestRunningFifoOnModern();

        StepResult<GuestState> saved = guest.send(Events.saved(guest.modern.next(), GUEST, 4, EvtchnAbi.FIFO));

        assertThat(decisions(saved)).singleElement().satisfies(d -> {
            assertThat(d.directive().getControls().getEvtchnFifo()).isEqualTo(ControlSetting.PERMIT);
            assertThat(d.directive().getReason().getCode()).isEqualTo(PolicyReasonCode.FIFO_IMAGE_NEEDS_PERMIT);
        });
    }

    @Test
    void shouldPermitFifoWhenADeniedGuestMigratesWithFifo() {
        deniedGuestRunningFifoOnModern();

        StepResult<GuestState> migrated = guest.send(Events.migrated(guest.modern.next(), GUEST, 4, "elsewhere",
                EvtchnAbi.FIFO));

        assertThat(decisions(migrated)).extracting(d -> d.policy().evtchnFifo()).containsExactly(ControlSetting.PERMIT);
    }

    @Test
    void shouldNeedNoInterlockPermitForAFifoCheckpointUnderADenialBoundToAnImage() {
        guest.bornOnLegacyAndHibernated();
        guest.send(Events.destroyed(guest.legacy.next(), GUEST, 1, DestroyReason.HIBERNATED));
        guest.send(Events.created(guest.modern.next(), GUEST, 4, CreateKind.RESUME_FROM_HIBERNATION,
                ControlSetting.DENY, "instance:" + GUEST, guest.state.policy().version()));
        guest.send(Events.booted(guest.modern.next(), GUEST, 4, EvtchnAbi.TWO_LEVEL));

        StepResult<GuestState> saved = guest.send(Events.saved(guest.modern.next(), GUEST, 4, EvtchnAbi.FIFO));

        // The denial speaks only for its image's resume: a checkpoint restore never meets it.
        assertThat(decisions(saved)).isEmpty();
    }

    @Test
    void shouldPermitFifoWhenAnAgentRefusedAFifoGuestIntoADeniedDomain() {
        guest.bornOnLegacyAndHibernated();

        StepResult<GuestState> refused = guest.send(Events.refusedIntoDeniedDomain(guest.modern.next(), GUEST));

        assertThat(decisions(refused)).extracting(d -> d.policy().evtchnFifo()).containsExactly(ControlSetting.PERMIT);
        assertThat(audits(refused).get(0).getDecision()).contains("interlock");
    }

    @Test
    void shouldLiftADenialOnceTheGuestBootedFreshAndHibernatedUnderFifo() {
        deniedGuestRunningFifoOnModern();

        StepResult<GuestState> hibernated = guest.send(Events.hibernated(guest.modern.next(), GUEST, 4,
                EvtchnAbi.FIFO));

        assertThat(decisions(hibernated)).singleElement().satisfies(d -> {
            assertThat(d.policy().evtchnFifo()).isEqualTo(ControlSetting.UNSET);
            assertThat(d.policy().reason()).isEqualTo(PolicyReasonCode.LIFTED);
            assertThat(d.audit().getAction()).isEqualTo(AuditAction.POLICY_LIFTED);
        });
    }

    @Test
    void shouldObserveTheCostOnceWhenADeniedDomainRunsOutOfTwoLevelPorts() {
        guest.bornOnLegacyAndHibernated();
        long version = guest.state.policy().version();
        guest.send(Events.created(guest.modern.next(), GUEST, 4, CreateKind.RESUME_FROM_HIBERNATION,
                ControlSetting.DENY, "instance:" + GUEST, version));

        StepResult<GuestState> first = guest.send(Events.bindInterdomain(guest.modern.next(), GUEST, 4, true));
        StepResult<GuestState> retry = guest.send(Events.bindInterdomain(guest.modern.next(), GUEST, 4, true));

        assertThat(audits(first)).extracting(a -> a.getAction()).containsExactly(AuditAction.COST_OBSERVED);
        assertThat(first.outputs(GuestOutput.Signal.class)).extracting(s -> s.signal().kind())
                .containsExactly(FamilySignal.Kind.PORT_LIMIT);
        assertThat(audits(retry)).isEmpty();
        assertThat(guest.state.ports().enospcUnderDenial()).isEqualTo(2);
    }

    @Test
    void shouldLiftAnImagePermitOnceTheImageIsResumed() {
        guest.denials.add(new FamilyDenial("family:linux-5.10@PROPOSED", Events.FAMILY,
                1, 0L));
        guest.send(Events.freshBoot(guest.modern.next(), GUEST, 1));
        guest.send(Events.booted(guest.modern.next(), GUEST, 1, EvtchnAbi.FIFO));
        guest.send(Events.hibernated(guest.modern.next(), GUEST, 1, EvtchnAbi.FIFO));
        assertThat(guest.state.policy().bindsImage()).isTrue();
        guest.send(Events.destroyed(guest.modern.next(), GUEST, 1, DestroyReason.HIBERNATED));
        guest.send(Events.created(guest.modern.next(), GUEST, 2, CreateKind.RESUME_FROM_HIBERNATION,
                ControlSetting.PERMIT, "instance:" + GUEST, 1L));

        StepResult<GuestState> resumed = guest.send(Events.resumedFifo(guest.modern.next(), GUEST, 2));

        assertThat(decisions(resumed)).singleElement().satisfies(d -> {
            assertThat(d.policy().evtchnFifo()).isEqualTo(ControlSetting.UNSET);
            assertThat(d.policy().reason()).isEqualTo(PolicyReasonCode.LIFTED);
        });
    }

    /**
     * A legacy (v1) denial, which speaks for every create, held in state from before directives were bound to
     * images; then (the denial not enforced) the guest booted fresh on the modern host with FIFO.
     */
    private void deniedGuestRunningFifoOnModern() {
        guest.state = guest.state.withPolicy(new InstancePolicy(1, ControlSetting.DENY,
                PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST, PolicyMode.ENFORCE, List.of(), 0, false, null,
                LiftKind.IMAGE_CONSUMED, null, null, null, null));
        guest.send(Events.freshBoot(guest.modern.next(), GUEST, 4));
        guest.send(Events.booted(guest.modern.next(), GUEST, 4, EvtchnAbi.FIFO));
        assertThat(guest.state.policy().deniesAtAllCreates()).isTrue();
        assertThat(guest.state.freshBootSinceDenial()).isTrue();
    }
}
