package io.fleetcompat.stream.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.stream.support.FleetDriver;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterTopologyTest {

    private static final String GUEST = "guest-1";
    private final FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults()).withHostsAnnounced();

    @AfterEach
    void close() {
        fleet.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private DeadLetter onlyDeadLetter() {
        assertThat(fleet.deadLetters.getQueueSize()).isEqualTo(1);
        return fleet.deadLetters.readValue();
    }

    /** The stream goes on after a bad record: the next good event is folded. */
    private void assertStreamStillFolds() {
        fleet.send("guest-after", Events.freshBoot(fleet.modern.next(), "guest-after", 9));
        assertThat(fleet.guest("guest-after").eventsApplied()).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterBytesThatAreNotSingleObjectEncoded() {
        fleet.sendRaw(utf8(GUEST), utf8("{\"json\":true}"));

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.getErrorKind()).isEqualTo(DeadLetterErrorKind.NOT_SINGLE_OBJECT);
        assertThat(letter.getSourceTopic()).isEqualTo("fleet.events");
        assertThat(letter.getValue().array()).isEqualTo(utf8("{\"json\":true}"));
        assertStreamStillFolds();
    }

    @Test
    void shouldDeadLetterAnUnknownSchemaFingerprint() {
        byte[] bytes = SingleObjectCodec.standard().encode(Events.freshBoot(fleet.modern.next(), GUEST, 1));
        Arrays.fill(bytes, 2, 10, (byte) 0x5A);
        fleet.sendRaw(utf8(GUEST), bytes);

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.getErrorKind()).isEqualTo(DeadLetterErrorKind.UNKNOWN_FINGERPRINT);
        assertThat(letter.getWriterFingerprint()).isNotNull();
        assertStreamStillFolds();
    }

    @Test
    void shouldDeadLetterARecordTypeThatDoesNotBelongOnTheEventsTopic() {
        fleet.sendRaw(utf8(GUEST), SingleObjectCodec.standard().encode(fleet.modern.status()));

        assertThat(onlyDeadLetter().getErrorKind()).isEqualTo(DeadLetterErrorKind.UNEXPECTED_TYPE);
        assertStreamStillFolds();
    }

    @Test
    void shouldDeadLetterAnEventFromAnUnknownHost() {
        SimHost stranger = new SimHost("host-stranger", XenProfile.PROPOSED, true, fleet.clock);
        fleet.send(GUEST, Events.freshBoot(stranger.next(), GUEST, 1));
        // It waits for the host's HostStatus for the grace period, then goes to the dead letters
        fleet.advanceWallClock(FleetStreamConfig.defaults().unknownHostGrace().plusSeconds(1));

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.getErrorKind()).isEqualTo(DeadLetterErrorKind.INVALID_CONTENT);
        assertThat(letter.getErrorMessage()).contains("unknown host host-stranger", "waited 30 s");
        assertThat(fleet.guest(GUEST)).isNull();
        assertStreamStillFolds();
    }

    @Test
    void shouldDeadLetterASequenceGoingBackwards() {
        fleet.send(GUEST, Events.freshBoot(fleet.modern.next(), GUEST, 1));
        EventHeader reused = fleet.modern.header(2, "another-event-id");
        fleet.send(GUEST, Events.booted(reused, GUEST, 1, EvtchnAbi.FIFO));

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.getErrorMessage()).contains("sequence going backwards");
        assertThat(fleet.guest(GUEST).currentAbi()).isEqualTo(EvtchnAbi.UNKNOWN);
        assertStreamStillFolds();
    }

    @Test
    void shouldDeadLetterAnImpossibleTransition() {
        fleet.send(GUEST, Events.freshBoot(fleet.modern.next(), GUEST, 1));
        fleet.send(GUEST, Events.resumed(fleet.modern.next(), GUEST, 1, true));

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.getErrorMessage()).contains("impossible transition: GuestResumed without a pending");
        assertThat(fleet.guest(GUEST).resumes()).isEmpty();
        assertStreamStillFolds();
    }

    @Test
    void shouldAcceptTheSourceDomainsDestroyAfterAMigration() {
        // Given a guest running on a legacy host
        fleet.send(GUEST, Events.freshBoot(fleet.legacy.next(), GUEST, 1));
        // When it migrates: the source reports the migration, then destroys its domain, and the
        // destination creates one (the order agents emit them in)
        fleet.send(GUEST, Events.migrated(fleet.legacy.next(), GUEST, 1, fleet.modern.id(), EvtchnAbi.TWO_LEVEL));
        fleet.send(GUEST, Events.destroyed(fleet.legacy.next(), GUEST, 1, DestroyReason.MIGRATED_OUT));
        fleet.send(GUEST, Events.created(fleet.modern.next(), GUEST, 4, CreateKind.MIGRATION_IN,
                ControlSetting.UNSET, null, null));

        // Then nothing is dead-lettered, the source domain has ended and the destination's is live
        assertThat(fleet.deadLetters.isEmpty()).isTrue();
        assertThat(fleet.guest(GUEST).liveDomain(fleet.legacy.id(), 1)).isEmpty();
        assertThat(fleet.guest(GUEST).liveDomain(fleet.modern.id(), 4)).isPresent();
    }

    @Test
    void shouldDeadLetterAnEventKeyedByAnotherGuest() {
        fleet.send("guest-other", Events.freshBoot(fleet.modern.next(), GUEST, 1));

        assertThat(onlyDeadLetter().getErrorMessage()).contains("is not the event's instance_id");
    }

    @Test
    void shouldDeadLetterUndecodableAndInvalidOperatorCommands() {
        fleet.commandRaw(utf8("rollout-x"), new byte[] {1, 2, 3});
        fleet.command(GUEST, Events.command("c-1", OperatorAction.PIN, null, null, null, fleet.clock.tick()));

        assertThat(fleet.deadLetters.readValuesToList()).extracting(DeadLetter::getErrorKind)
                .containsExactly(DeadLetterErrorKind.NOT_SINGLE_OBJECT, DeadLetterErrorKind.INVALID_CONTENT);
    }
}
