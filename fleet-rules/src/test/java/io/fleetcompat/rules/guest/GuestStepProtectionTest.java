package io.fleetcompat.rules.guest;

import static io.fleetcompat.rules.guest.GuestScenario.GUEST;
import static io.fleetcompat.rules.guest.GuestScenario.audits;
import static io.fleetcompat.rules.guest.GuestScenario.decisions;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.rules.detect.FamilySignal;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.policy.FamilyDenial;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.GuestKernelProfile;
import io.fleetcompat.schema.avro.LiftKind;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import org.junit.jupiter.api.Test;

/**
 * Protection by construction, as the step decides it: directives bound to the image they protect and lifted once it
 * is consumed, operator pins with evtchn_upcall and an expiry, the birth certificate of a guest first seen mid-life,
 * and the counts of what protection did.
 */
class GuestStepProtectionTest {

    private final GuestScenario guest = new GuestScenario().withFifoHost();

    private StepResult<GuestState> hibernateTwoLevel(int domid, String imageId) {
        guest.send(Events.freshBoot(guest.legacy.next(), GUEST, domid));
        guest.send(Events.booted(guest.legacy.next(), GUEST, domid, EvtchnAbi.TWO_LEVEL));
        StepResult<GuestState> hibernated = guest.send(Events.hibernated(guest.legacy.next(), GUEST, domid,
                EvtchnAbi.TWO_LEVEL, imageId));
        guest.send(Events.destroyed(guest.legacy.next(), GUEST, domid, DestroyReason.HIBERNATED));
        return hibernated;
    }

    private StepResult<GuestState> resumeOnModern(int domid, String imageId, EdgeFailsafeOutcome edge) {
        ControlSetting fifo = edge == EdgeFailsafeOutcome.DENIED_FIFO ? ControlSetting.DENY : ControlSetting.UNSET;
        boolean bound = guest.state.policy() != null && imageId.equals(guest.state.policy().imageId());
        if (bound && edge == EdgeFailsafeOutcome.NOT_APPLICABLE) {
            fifo = guest.state.policy().evtchnFifo();
        }
        guest.send(Events.resumeOf(guest.modern.next(), GUEST, domid, imageId, EvtchnAbi.TWO_LEVEL, fifo,
                bound ? "instance:" + GUEST : null, bound ? guest.state.policy().version() : null, edge));
        return guest.send(Events.resumed(guest.modern.next(), GUEST, domid, true, imageId));
    }

    @Test
    void shouldBindTheDenialToTheImageItProtects() {
        StepResult<GuestState> hibernated = hibernateTwoLevel(1, "image-A");

        PolicyDirective directive = decisions(hibernated).get(0).directive();
        assertThat(directive.getScope()).isEqualTo(DirectiveScope.RESUME_OF_IMAGE);
        assertThat(directive.getImageId()).isEqualTo("image-A");
        assertThat(directive.getLiftCondition().getDescription()).contains("image-A");
    }

    @Test
    void shouldLiftTheDenialForImageAOnceItIsResumedAndBindANewOneToImageB() {
        hibernateTwoLevel(1, "image-A");

        StepResult<GuestState> resumedA = resumeOnModern(2, "image-A", EdgeFailsafeOutcome.NOT_APPLICABLE);

        assertThat(decisions(resumedA)).singleElement().satisfies(d -> {
            assertThat(d.directive().getControls().getEvtchnFifo()).isEqualTo(ControlSetting.UNSET);
            assertThat(d.directive().getReason().getCode()).isEqualTo(PolicyReasonCode.LIFTED);
            assertThat(d.directive().getReason().getText()).isEqualTo("image image-A consumed");
            assertThat(d.directive().getImageId()).isEqualTo("image-A");
        });
        assertThat(guest.state.protection().resumesByDirective()).isEqualTo(1);
        assertThat(guest.state.protection().denialsLifted()).isEqualTo(1);

        // The guest later hibernates 2-level again (back on a legacy host): a new version, bound to image B only.
        StepResult<GuestState> hibernatedB = hibernateTwoLevel(3, "image-B");
        assertThat(decisions(hibernatedB)).singleElement().satisfies(d -> {
            assertThat(d.directive().getControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
            assertThat(d.directive().getImageId()).isEqualTo("image-B");
        });
    }

    @Test
    void shouldNotTieTheDenialForImageAToTheResumeOfAnotherImage() {
        hibernateTwoLevel(1, "image-A");
        long version = guest.state.policy().version();

        // A resume of image B (another image) under the guest's instance key is not protected by A's directive.
        guest.send(Events.resumeOf(guest.modern.next(), GUEST, 2, "image-B", EvtchnAbi.TWO_LEVEL,
                ControlSetting.DENY, "instance:" + GUEST, version, EdgeFailsafeOutcome.NOT_APPLICABLE));

        assertThat(guest.state.protection().resumesByDirective()).isZero();
        assertThat(guest.state.policy().imageId()).isEqualTo("image-A");
    }

    @Test
    void shouldLiftTheDenialWhenAFreshBootDiscardsItsImageAndCountTheGuestBackOnFifo() {
        hibernateTwoLevel(1, "image-A");

        StepResult<GuestState> freshBoot = guest.send(Events.freshBoot(guest.modern.next(), GUEST, 2));
        guest.send(Events.booted(guest.modern.next(), GUEST, 2, EvtchnAbi.FIFO));

        assertThat(decisions(freshBoot)).extracting(d -> d.policy().reason()).containsExactly(PolicyReasonCode.LIFTED);
        assertThat(freshBoot.outputs(GuestOutput.Signal.class)).extracting(s -> s.signal().kind())
                .contains(FamilySignal.Kind.HAZARD_CLEARED);
        assertThat(guest.state.protection().backOnFifo()).isEqualTo(1);
    }

    /** A guest that hibernated image-A 2-level while the fleet had no FIFO host: no directive speaks for it. */
    private static GuestScenario hibernatedUnwarned() {
        GuestScenario unwarned = new GuestScenario();
        unwarned.send(Events.freshBoot(unwarned.legacy.next(), GUEST, 1));
        unwarned.send(Events.hibernated(unwarned.legacy.next(), GUEST, 1, EvtchnAbi.TWO_LEVEL, "image-A"));
        unwarned.send(Events.destroyed(unwarned.legacy.next(), GUEST, 1, DestroyReason.HIBERNATED));
        return unwarned;
    }

    @Test
    void shouldCountAResumeProtectedAtTheEdge() {
        GuestScenario unseen = hibernatedUnwarned();

        unseen.send(Events.resumeOf(unseen.modern.next(), GUEST, 2, "image-A", EvtchnAbi.TWO_LEVEL,
                ControlSetting.DENY, null, null, EdgeFailsafeOutcome.DENIED_FIFO));

        assertThat(unseen.state.protection().resumesAtEdge()).isEqualTo(1);
        assertThat(unseen.state.protection().resumesByDirective()).isZero();
    }

    @Test
    void shouldBindTheReactiveDenialToTheImageWhoseResumeFailed() {
        GuestScenario unwarned = hibernatedUnwarned();
        unwarned.send(Events.resumeOf(unwarned.modern.next(), GUEST, 7, "image-A", EvtchnAbi.TWO_LEVEL,
                ControlSetting.UNSET, null, null, EdgeFailsafeOutcome.OFF));

        StepResult<GuestState> failed = unwarned.send(Events.section8Failure(unwarned.modern.next(), GUEST, 7));

        assertThat(decisions(failed)).singleElement().satisfies(d -> {
            assertThat(d.directive().getImageId()).isEqualTo("image-A");
            assertThat(d.directive().getScope()).isEqualTo(DirectiveScope.RESUME_OF_IMAGE);
        });
    }

    @Test
    void shouldPermitAFifoImageUnderAnAllCreatesFamilyDenialForThatImageOnly() {
        guest.denials.add(new FamilyDenial("family:linux-5.10@PROPOSED", Events.FAMILY, 1, 0L));
        guest.send(Events.freshBoot(guest.modern.next(), GUEST, 1));

        StepResult<GuestState> hibernated = guest.send(Events.hibernated(guest.modern.next(), GUEST, 1,
                EvtchnAbi.FIFO, "image-F"));

        assertThat(decisions(hibernated)).singleElement().satisfies(d -> {
            assertThat(d.directive().getControls().getEvtchnFifo()).isEqualTo(ControlSetting.PERMIT);
            assertThat(d.directive().getImageId()).isEqualTo("image-F");
        });
    }

    @Test
    void shouldCarryBothControlsOfAPinAndItsExpiryAndLiftItWhenItIsDue() {
        long expiresAt = guest.clock.now() + 60_000;
        GuestCommand pin = new GuestCommand("c-1", OperatorAction.PIN, GUEST, ControlSetting.DENY, ControlSetting.DENY,
                expiresAt, "alice", "upcall test", guest.clock.now());

        StepResult<GuestState> pinned = guest.command(pin);

        PolicyDirective directive = decisions(pinned).get(0).directive();
        assertThat(directive.getControls().getEvtchnUpcall()).isEqualTo(ControlSetting.DENY);
        assertThat(directive.getScope()).isEqualTo(DirectiveScope.ALL_CREATES);
        assertThat(directive.getLiftCondition().getKind()).isEqualTo(LiftKind.AFTER_TIME);
        assertThat(directive.getLiftCondition().getNotBefore().toEpochMilli()).isEqualTo(expiresAt);
        assertThat(pinned.outputs(GuestOutput.PinExpiry.class))
                .containsExactly(new GuestOutput.PinExpiry(GUEST, expiresAt));

        // Not yet due: nothing. Due: lifted as of its expiry, both controls UNSET.
        assertThat(guest.step.onPinExpiry(guest.state, expiresAt - 1, guest, guest).outputs()).isEmpty();
        StepResult<GuestState> lifted = guest.keep(guest.step.onPinExpiry(guest.state, expiresAt + 5_000, guest,
                guest));
        assertThat(decisions(lifted)).singleElement().satisfies(d -> {
            assertThat(d.directive().getControls().getEvtchnFifo()).isEqualTo(ControlSetting.UNSET);
            assertThat(d.directive().getControls().getEvtchnUpcall()).isEqualTo(ControlSetting.UNSET);
            assertThat(d.directive().getReason().getCode()).isEqualTo(PolicyReasonCode.LIFTED);
            assertThat(d.directive().getIssuedAt().toEpochMilli()).isEqualTo(expiresAt);
            assertThat(d.audit().getAction()).isEqualTo(AuditAction.POLICY_LIFTED);
        });
        assertThat(lifted.outputs(GuestOutput.PinExpiry.class)).containsExactly(new GuestOutput.PinExpiry(GUEST, null));
        assertThat(guest.state.pinned()).isFalse();
        assertThat(guest.state.protection().denialsLifted()).isEqualTo(1);
    }

    @Test
    void shouldDecideAHazardThatAroseUnderAnExpiringPinOnceThePinLifts() {
        long expiresAt = guest.clock.now() + 60_000;
        guest.command(new GuestCommand("c-1", OperatorAction.PIN, GUEST, ControlSetting.PERMIT, ControlSetting.UNSET,
                expiresAt, "alice", "hold", guest.clock.now()));
        hibernateTwoLevel(1, "image-A");

        StepResult<GuestState> lifted = guest.keep(guest.step.onPinExpiry(guest.state, expiresAt, guest, guest));

        assertThat(decisions(lifted)).extracting(d -> d.policy().reason())
                .containsExactly(PolicyReasonCode.LIFTED, PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST);
        assertThat(guest.state.policy().imageId()).isEqualTo("image-A");
    }

    @Test
    void shouldGiveAGuestFirstSeenMidLifeABirthCertificateFromItsFirstEventAndUseIt() {
        // First seen at its migration in, with a FIFO-aware kernel; its later domains report a 2-level-only one.
        guest.send(Events.created(guest.legacy.next(), GUEST, 1, CreateKind.MIGRATION_IN, ControlSetting.UNSET, null,
                null));
        guest.send(Events.createdWithKernel(guest.legacy.next(), GUEST, 2, CreateKind.RESTORE,
                new GuestKernelProfile("linux-5.10.0-nofifo", Events.FAMILY, "5.10.0", false, false, false)));

        BirthCertificate birth = guest.state.birth();
        assertThat(birth.firstSeenMidLife()).isTrue();
        assertThat(birth.kernel().fifoAware()).isTrue();
        assertThat(guest.state.kernel().fifoAware()).isFalse();
        assertThat(guest.state.fifoAware()).isTrue();

        StepResult<GuestState> hibernated = guest.send(Events.hibernated(guest.legacy.next(), GUEST, 2,
                EvtchnAbi.TWO_LEVEL, "image-A"));
        assertThat(audits(hibernated)).extracting(a -> a.getAction()).containsExactly(AuditAction.HAZARD_DETECTED);
        assertThat(audits(hibernated).get(0).getEvidenceEventIds()).contains(birth.eventId());
    }
}
