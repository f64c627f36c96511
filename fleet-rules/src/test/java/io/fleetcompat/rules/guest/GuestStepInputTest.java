package io.fleetcompat.rules.guest;

import static io.fleetcompat.rules.guest.GuestScenario.GUEST;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.rules.detect.FamilySignal;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.FamilySelector;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.XenProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the step does with an input before any rule looks at it: parking, validation, dedup, guestless events. */
class GuestStepInputTest {

    private final GuestScenario guest = new GuestScenario().withFifoHost();

    @Test
    void shouldParkAnEventOfAHostThatHasNotAnnouncedItselfAndLeaveTheStateAlone() {
        SimHost newcomer = new SimHost("host-new", XenProfile.PROPOSED, true, guest.clock);

        StepResult<GuestState> result = guest.send(Events.freshBoot(newcomer.next(), GUEST, 1));

        assertThat(result.disposition()).isEqualTo(StepResult.Disposition.PARKED);
        assertThat(result.stateChanged()).isFalse();
        assertThat(result.outputs()).isEmpty();
    }

    @Test
    void shouldParkAnEventOfAKnownHostBehindTheGuestsWaitingEvents() {
        guest.waiting = true;

        StepResult<GuestState> result = guest.send(Events.freshBoot(guest.modern.next(), GUEST, 1));

        assertThat(result.disposition()).isEqualTo(StepResult.Disposition.PARKED);
    }

    @Test
    void shouldRejectAnUnknownHostAtOnceWhenThereIsNoGrace() {
        GuestScenario impatient = new GuestScenario(PolicyMode.ENFORCE, Duration.ZERO);
        SimHost newcomer = new SimHost("host-new", XenProfile.PROPOSED, true, impatient.clock);

        StepResult<GuestState> result = impatient.send(Events.freshBoot(newcomer.next(), GUEST, 1));

        assertThat(result.disposition()).isEqualTo(StepResult.Disposition.REJECTED);
        assertThat(result.outputs(GuestOutput.Rejected.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).startsWith("unknown host host-new"));
    }

    @Test
    void shouldReleaseWaitOrExpireAParkedEventByItsHostAndItsGrace() {
        Duration grace = Duration.ofSeconds(30);

        assertThat(Parking.verdict(true, 0, 60_000, grace)).isEqualTo(Parking.Verdict.RELEASE);
        assertThat(Parking.verdict(false, 0, 29_999, grace)).isEqualTo(Parking.Verdict.WAIT);
        assertThat(Parking.verdict(false, 0, 30_000, grace)).isEqualTo(Parking.Verdict.EXPIRE);
        assertThat(Parking.expiredReason("h", grace)).isEqualTo("unknown host h: it never sent a HostStatus (waited 30 s)");
    }

    @Test
    void shouldDropAnOutboxReplayAndCountIt() {
        EventHeader header = guest.legacy.next();
        guest.send(Events.freshBoot(header, GUEST, 1));

        StepResult<GuestState> replay = guest.send(Events.freshBoot(header, GUEST, 1));

        assertThat(replay.disposition()).isEqualTo(StepResult.Disposition.DUPLICATE);
        assertThat(replay.outputs()).isEmpty();
        assertThat(guest.state.duplicatesDropped()).isEqualTo(1);
        assertThat(guest.state.eventsApplied()).isEqualTo(1);
    }

    @Test
    void shouldRejectASequenceGoingBackwardsWithAnotherEventId() {
        EventHeader first = guest.legacy.next();
        guest.send(Events.freshBoot(first, GUEST, 1));

        StepResult<GuestState> result = guest.send(Events.booted(guest.legacy.header(first.getSequence(), "other-id"),
                GUEST, 1, EvtchnAbi.TWO_LEVEL));

        assertThat(result.disposition()).isEqualTo(StepResult.Disposition.REJECTED);
        assertThat(result.outputs(GuestOutput.Rejected.class).get(0).reason()).startsWith("sequence going backwards");
    }

    @Test
    void shouldRejectAnImpossibleTransitionAndAKeyThatIsNotTheGuest() {
        StepResult<GuestState> noDomain = guest.send(Events.booted(guest.legacy.next(), GUEST, 9, EvtchnAbi.FIFO));
        StepResult<GuestState> otherKey = guest.step.onEvent(guest.state, "someone-else",
                Events.freshBoot(guest.legacy.next(), GUEST, 1), false, guest, guest);

        assertThat(noDomain.outputs(GuestOutput.Rejected.class).get(0).reason())
                .isEqualTo("impossible transition: no live domain 9 on host host-legacy");
        assertThat(otherKey.outputs(GuestOutput.Rejected.class).get(0).reason())
                .isEqualTo("record key someone-else is not the event's instance_id g-1");
    }

    @Test
    void shouldCountAFamilyAckOnceAndSignalItToTheFamily() {
        PolicyDirective family = PolicyDirective.newBuilder().setDirectiveId("d").setVersion(3)
                .setTarget(new PolicyTarget(PolicyTargetKind.FAMILY, null,
                        new FamilySelector(Events.FAMILY, XenProfile.PROPOSED)))
                .setControls(Events.fifo(ControlSetting.DENY)).setReason(new PolicyReason(PolicyReasonCode.FAMILY_ROLLOUT,
                        "wave 0")).setEvidenceEventIds(List.of()).setCohortFraction(0.5).setMode(PolicyMode.ENFORCE)
                .setIssuedAt(Instant.EPOCH).build();
        var ack = Events.ack(guest.modern.next(), family, AckOutcome.REJECTED, null, 0);
        String key = "family:linux-5.10@PROPOSED";

        StepResult<HostSequences> first = guest.step.onGuestlessEvent(HostSequences.EMPTY, key, ack, false, guest);
        StepResult<HostSequences> replay = guest.step.onGuestlessEvent(first.state(), key, ack, false, guest);

        assertThat(first.outputs(GuestOutput.Signal.class)).singleElement().satisfies(s -> {
            assertThat(s.signal().kind()).isEqualTo(FamilySignal.Kind.ACK);
            assertThat(s.signal().ackOutcome()).isEqualTo(AckOutcome.REJECTED);
        });
        assertThat(replay.disposition()).isEqualTo(StepResult.Disposition.DUPLICATE);
        assertThat(replay.outputs()).isEmpty();
    }
}
