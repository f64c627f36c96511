package io.fleetcompat.stream.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.stream.support.FleetDriver;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad fleet.hosts records become dead letters through the global processor's sink; the stream goes on. */
class KnownHostsDeadLetterTest {

    private final FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults()).withHostsAnnounced();
    private final SimHost newcomer = new SimHost("host-new", XenProfile.PROPOSED, true, fleet.clock);

    @AfterEach
    void close() {
        fleet.close();
    }

    private DeadLetter onlyHostDeadLetter() {
        List<DeadLetter> letters = fleet.hostDeadLetters.drain();
        assertThat(letters).hasSize(1);
        assertThat(fleet.deadLetters.isEmpty()).isTrue();
        DeadLetter letter = letters.get(0);
        assertThat(letter.getSourceTopic()).isEqualTo("fleet.hosts");
        assertThat(letter.getSourceComponent()).isEqualTo(DeadLetterFactory.COMPONENT_HOSTS);
        assertThat(letter.getErrorMessage()).isNotBlank();
        return letter;
    }

    /**
     * The host stays unknown after its bad record (its guest's event waits), a later good heartbeat makes it known,
     * and the waiting event and later ones fold.
     */
    private void assertHostsStillUpdate() {
        fleet.send("guest-early", Events.freshBoot(newcomer.next(), "guest-early", 3));
        fleet.advanceWallClock(Duration.ofSeconds(2));
        assertThat(fleet.guest("guest-early")).isNull();
        fleet.announce(newcomer);
        fleet.advanceWallClock(Duration.ofSeconds(1));
        assertThat(fleet.guest("guest-early").eventsApplied()).isEqualTo(1);
        fleet.send("guest-after", Events.freshBoot(newcomer.next(), "guest-after", 9));
        assertThat(fleet.guest("guest-after").eventsApplied()).isEqualTo(1);
        assertThat(fleet.deadLetters.isEmpty()).isTrue();
        assertThat(fleet.hostDeadLetters.drain()).isEmpty();
    }

    @Test
    void shouldDeadLetterAHostRecordThatIsNotSingleObjectEncoded() {
        byte[] json = "{\"host\":1}".getBytes(StandardCharsets.UTF_8);
        fleet.announceRaw(newcomer.id(), json);

        DeadLetter letter = onlyHostDeadLetter();
        assertThat(letter.getErrorKind()).isEqualTo(DeadLetterErrorKind.NOT_SINGLE_OBJECT);
        assertThat(letter.getValue().array()).isEqualTo(json);
        assertThat(letter.getKey().array()).isEqualTo(newcomer.id().getBytes(StandardCharsets.UTF_8));
        assertHostsStillUpdate();
    }

    @Test
    void shouldDeadLetterAHostRecordWithAnUnknownFingerprint() {
        byte[] bytes = SingleObjectCodec.standard().encode(newcomer.status());
        Arrays.fill(bytes, 2, 10, (byte) 0x5A);
        fleet.announceRaw(newcomer.id(), bytes);

        DeadLetter letter = onlyHostDeadLetter();
        assertThat(letter.getErrorKind()).isEqualTo(DeadLetterErrorKind.UNKNOWN_FINGERPRINT);
        assertThat(letter.getWriterFingerprint()).isNotNull();
        assertHostsStillUpdate();
    }

    @Test
    void shouldDeadLetterARecordOfAnotherTypeOnTheHostsTopic() {
        fleet.announceRaw(newcomer.id(), SingleObjectCodec.standard()
                .encode(Events.freshBoot(newcomer.next(), "guest-x", 1)));

        assertThat(onlyHostDeadLetter().getErrorKind()).isEqualTo(DeadLetterErrorKind.UNEXPECTED_TYPE);
        assertHostsStillUpdate();
    }

    @Test
    void shouldDeadLetterAHostRecordWithAMalformedBody() {
        byte[] bytes = SingleObjectCodec.standard().encode(newcomer.status());
        fleet.announceRaw(newcomer.id(), Arrays.copyOf(bytes, 12));

        assertThat(onlyHostDeadLetter().getErrorKind()).isEqualTo(DeadLetterErrorKind.MALFORMED_BODY);
        assertHostsStillUpdate();
    }

    @Test
    void shouldDeadLetterAHostStatusKeyedByAnotherHost() {
        fleet.announceRaw("host-impostor", SingleObjectCodec.standard().encode(newcomer.status()));

        DeadLetter letter = onlyHostDeadLetter();
        assertThat(letter.getErrorKind()).isEqualTo(DeadLetterErrorKind.INVALID_CONTENT);
        assertThat(letter.getErrorMessage()).contains("is not the HostStatus host_id host-new");
        assertHostsStillUpdate();
    }

    @Test
    void shouldDeadLetterAKeylessHostRecord() {
        fleet.announceRaw(null, SingleObjectCodec.standard().encode(newcomer.status()));

        assertThat(onlyHostDeadLetter().getErrorMessage()).contains("record without a key");
        assertHostsStillUpdate();
    }

    @Test
    void shouldForgetAHostOnATombstoneWithoutADeadLetter() {
        fleet.announceRaw(fleet.modern.id(), null);
        fleet.send("guest-1", Events.freshBoot(fleet.modern.next(), "guest-1", 1));
        fleet.advanceWallClock(FleetStreamConfig.defaults().unknownHostGrace().plusSeconds(1));

        assertThat(fleet.hostDeadLetters.drain()).isEmpty();
        assertThat(fleet.deadLetters.readValue().getErrorMessage()).contains("unknown host host-modern");
    }
}
