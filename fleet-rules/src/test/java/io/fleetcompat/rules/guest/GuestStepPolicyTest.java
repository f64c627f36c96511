package io.fleetcompat.rules.guest;

import static io.fleetcompat.rules.guest.GuestScenario.GUEST;
import static io.fleetcompat.rules.guest.GuestScenario.audits;
import static io.fleetcompat.rules.guest.GuestScenario.decisions;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.rules.detect.FamilySignal;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.rules.policy.FamilyDenial;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.XenProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The policy paths of the step: operator commands, family denials, the sweep, dry runs, the FIFO image index. */
class GuestStepPolicyTest {

    private static final String FAMILY_KEY = "family:linux-5.10@PROPOSED";
    private final GuestScenario guest = new GuestScenario().withFifoHost();

    private static GuestCommand pin(String id, long at) {
        return new GuestCommand(id, OperatorAction.PIN, GUEST, ControlSetting.DENY, ControlSetting.UNSET, null, "alice",
                "test", at);
    }

    private static GuestCommand unpin(String id, long at) {
        return new GuestCommand(id, OperatorAction.UNPIN, GUEST, ControlSetting.UNSET, ControlSetting.UNSET, null,
                "alice", "test", at);
    }

    @Test
    void shouldPinAtTheCommandsTimeAndApplyARedeliveredCommandOnce() {
        StepResult<GuestState> pinned = guest.command(pin("c-1", 5_000));
        StepResult<GuestState> again = guest.command(pin("c-1", 5_000));

        assertThat(decisions(pinned)).singleElement().satisfies(d -> {
            assertThat(d.policy().pinned()).isTrue();
            assertThat(d.policy().issuedAt()).isEqualTo(5_000L);
            assertThat(d.directive().getReason().getCode()).isEqualTo(PolicyReasonCode.OPERATOR_PIN);
        });
        assertThat(again.disposition()).isEqualTo(StepResult.Disposition.IGNORED);
        assertThat(again.outputs()).isEmpty();
    }

    @Test
    void shouldRefuseToUnpinAGuestNoOperatorPinned() {
        guest.bornOnLegacyAndHibernated();
        long version = guest.state.policy().version();

        StepResult<GuestState> refused = guest.command(unpin("c-2", 9_000));

        assertThat(decisions(refused)).isEmpty();
        assertThat(audits(refused)).singleElement().satisfies(a -> assertThat(a.getAction())
                .isEqualTo(AuditAction.COMMAND_REJECTED));
        assertThat(guest.state.policy().version()).isEqualTo(version);
        assertThat(guest.state.operatorCommands().contains("c-2")).isTrue();
    }

    @Test
    void shouldDecideAHazardThatAroseWhilePinnedRightAfterTheUnpin() {
        guest.command(pin("c-1", 1_000));
        StepResult<GuestState> hibernated = guest.bornOnLegacyAndHibernated();
        assertThat(decisions(hibernated)).isEmpty();

        StepResult<GuestState> unpinned = guest.command(unpin("c-2", 60_000));

        assertThat(decisions(unpinned)).extracting(d -> d.policy().reason())
                .containsExactly(PolicyReasonCode.OPERATOR_UNPIN, PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST);
        assertThat(guest.state.denied()).isTrue();
    }

    @Test
    void shouldOnlyAuditADryRunDecision() {
        GuestScenario observed = new GuestScenario(PolicyMode.OBSERVE, Duration.ofSeconds(30)).withFifoHost();

        StepResult<GuestState> hibernated = observed.bornOnLegacyAndHibernated();

        assertThat(decisions(hibernated)).singleElement().satisfies(d -> {
            assertThat(d.sendToAgents()).isFalse();
            assertThat(d.audit().getDecision()).startsWith("dry run (observe): would deny evtchn_fifo");
        });
    }

    @Test
    void shouldPermitAFifoImageHibernatedUnderAFamilyDenialAtTheDenialsStart() {
        guest.denials.add(new FamilyDenial(FAMILY_KEY, Events.FAMILY, 2, 1_000L));
        guest.send(Events.freshBoot(guest.modern.next(), GUEST, 1));

        StepResult<GuestState> hibernated = guest.send(Events.hibernated(guest.modern.next(), GUEST, 1,
                EvtchnAbi.FIFO));

        long writtenAt = guest.state.image().writtenAt();
        assertThat(decisions(hibernated)).singleElement().satisfies(d -> {
            assertThat(d.policy().evtchnFifo()).isEqualTo(ControlSetting.PERMIT);
            assertThat(d.policy().issuedAt()).isEqualTo(writtenAt);
        });
        assertThat(audits(hibernated)).extracting(a -> a.getDecision())
                .anyMatch(text -> text.contains("family denial") && text.contains(FAMILY_KEY));
        assertThat(hibernated.outputs(GuestOutput.FifoImageListed.class)).singleElement()
                .satisfies(l -> assertThat(l.image().audited()).isTrue());
    }

    @Test
    void shouldListAFifoImageAndUnlistItWhenItIsResumed() {
        guest.send(Events.freshBoot(guest.modern.next(), GUEST, 1));
        StepResult<GuestState> hibernated = guest.send(Events.hibernated(guest.modern.next(), GUEST, 1,
                EvtchnAbi.FIFO));
        guest.send(Events.destroyed(guest.modern.next(), GUEST, 1, DestroyReason.HIBERNATED));
        guest.send(Events.created(guest.modern.next(), GUEST, 2, CreateKind.RESUME_FROM_HIBERNATION,
                ControlSetting.UNSET, null, null));

        StepResult<GuestState> resumed = guest.send(Events.resumedFifo(guest.modern.next(), GUEST, 2));

        assertThat(hibernated.outputs(GuestOutput.FifoImageListed.class)).singleElement().satisfies(l -> {
            assertThat(l.kernelFamily()).isEqualTo(Events.FAMILY);
            assertThat(l.image().audited()).isFalse();
        });
        assertThat(resumed.outputs(GuestOutput.FifoImageUnlisted.class)).extracting(GuestOutput.FifoImageUnlisted::kernelFamily)
                .containsExactly(Events.FAMILY);
    }

    @Test
    void shouldPermitAListedFifoImageWhenADenialOfItsFamilyArrivesAndAuditItOnce() {
        guest.command(pin("c-1", 1_000));
        guest.send(Events.freshBoot(guest.modern.next(), GUEST, 1));
        StepResult<GuestState> hibernated = guest.send(Events.hibernated(guest.modern.next(), GUEST, 1,
                EvtchnAbi.FIFO));
        PendingFifoImage listed = hibernated.outputs(GuestOutput.FifoImageListed.class).get(0).image();
        guest.denials.add(new FamilyDenial(FAMILY_KEY, Events.FAMILY, 1, guest.clock.now() + 10_000));

        // A pinned guest gets no permit, but its finding is audited (once) and its entry remembers it.
        StepResult<GuestState> pinned = guest.step.onFamilyDenial(guest.state, Events.FAMILY, listed, guest);
        assertThat(decisions(pinned)).isEmpty();
        assertThat(audits(pinned)).hasSize(1);
        PendingFifoImage audited = pinned.outputs(GuestOutput.FifoImageListed.class).get(0).image();
        assertThat(guest.step.onFamilyDenial(guest.state, Events.FAMILY, audited, guest).outputs()).isEmpty();

        // Unpinned, the guest is judged at once: its image gets the permit the pin held back, at the unpin.
        long unpinAt = guest.clock.now();
        StepResult<GuestState> unpinned = guest.command(unpin("c-2", unpinAt));
        assertThat(decisions(unpinned)).extracting(d -> d.policy().reason())
                .containsExactly(PolicyReasonCode.OPERATOR_UNPIN, PolicyReasonCode.FIFO_IMAGE_NEEDS_PERMIT);
        assertThat(guest.state.policy().issuedAt()).isEqualTo(unpinAt);
        // A later denying version finds it permitted already.
        assertThat(guest.step.onFamilyDenial(guest.state, Events.FAMILY, audited, guest).outputs()).isEmpty();
    }

    @Test
    void shouldUnlistAStaleEntryWhoseImageIsGone() {
        PendingFifoImage stale = new PendingFifoImage(GUEST, "an-old-image-event", 0, false);
        guest.denials.add(new FamilyDenial(FAMILY_KEY, Events.FAMILY, 1, 0L));

        StepResult<GuestState> result = guest.step.onFamilyDenial(null, Events.FAMILY, stale, guest);

        assertThat(result.stateChanged()).isFalse();
        assertThat(result.outputs()).containsExactly(new GuestOutput.FifoImageUnlisted(Events.FAMILY, GUEST));
    }

    @Test
    void shouldSweepAnUndecidedHazardAtTheSweepsTimeOnceTheFleetHasFifo() {
        GuestScenario legacyFleet = new GuestScenario();
        legacyFleet.bornOnLegacyAndHibernated();
        assertThat(GuestStep.sweepDue(legacyFleet.state)).isTrue();
        assertThat(legacyFleet.step.onSweep(legacyFleet.state, legacyFleet, 99_000).disposition())
                .isEqualTo(StepResult.Disposition.IGNORED);

        legacyFleet.withFifoHost();
        StepResult<GuestState> swept = legacyFleet.keep(legacyFleet.step.onSweep(legacyFleet.state, legacyFleet, 99_000));

        assertThat(decisions(swept)).singleElement().satisfies(d -> assertThat(d.policy().issuedAt()).isEqualTo(99_000L));
        assertThat(swept.outputs(GuestOutput.Signal.class)).extracting(s -> s.signal().kind())
                .containsExactly(FamilySignal.Kind.HAZARD);
        assertThat(GuestStep.sweepDue(legacyFleet.state)).isFalse();
    }

    @Test
    void shouldDenyANewTwoLevelImageThatArrivesBeforeTheResumeOfTheOldOneAndKeepItPending() {
        GuestScenario fleet = new GuestScenario().withFifoHost();
        fleet.bornOnLegacyAndHibernated();
        assertThat(fleet.state.policy().imageId()).isEqualTo("image-" + GUEST);
        SimHost third = new SimHost("host-legacy-3", XenProfile.LEGACY_2L, true, fleet.clock);
        fleet.knownHosts.add(third.id());
        EventHeader resumeOfA = fleet.modern.next();
        EventHeader resumedA = fleet.modern.next();

        // When the guest's events from the host it migrated to come first: it hibernates image B 2-level there
        fleet.send(Events.created(third.next(), GUEST, 7, CreateKind.MIGRATION_IN, ControlSetting.UNSET,
                null, null));
        fleet.send(Events.hibernated(third.next(), GUEST, 7, EvtchnAbi.TWO_LEVEL, "image-B"));

        // Then image B gets a denial of its own
        assertThat(fleet.state.image().imageId()).isEqualTo("image-B");
        assertThat(fleet.state.policy().imageId()).isEqualTo("image-B");
        assertThat(fleet.state.policy().denies()).isTrue();

        // When the resume of image A, on the host the guest left, arrives late
        fleet.send(Events.resumeOf(resumeOfA, GUEST, 5, "image-" + GUEST, EvtchnAbi.TWO_LEVEL, ControlSetting.DENY,
                "instance:" + GUEST, 1L, EdgeFailsafeOutcome.NOT_APPLICABLE));
        fleet.send(Events.resumed(resumedA, GUEST, 5, true, "image-" + GUEST));

        // Then image B is still pending, and still denied
        assertThat(fleet.state.image().imageId()).isEqualTo("image-B");
        assertThat(fleet.state.policy().imageId()).isEqualTo("image-B");
        assertThat(fleet.state.policy().denies()).isTrue();
    }

    @Test
    void shouldSweepAHazardOfAGuestWhoseEarlierDenialWasLifted() {
        GuestScenario fleet = new GuestScenario();
        fleet.bornOnLegacyAndHibernated();
        fleet.state = fleet.state.withPolicy(new InstancePolicy(2, ControlSetting.UNSET, PolicyReasonCode.LIFTED,
                PolicyMode.ENFORCE, java.util.List.of(), 0L, false, null, null, null, null, null, null));

        assertThat(GuestStep.sweepDue(fleet.state)).isTrue();
    }
}
