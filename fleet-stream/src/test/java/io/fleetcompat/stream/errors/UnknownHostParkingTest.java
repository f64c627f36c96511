package io.fleetcompat.stream.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.stream.support.FleetDriver;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A host's first events can overtake its first HostStatus (different topics; the global store reads the
 * heartbeat on its own thread). They wait, in their guest's order, instead of being dead-lettered on sight.
 */
class UnknownHostParkingTest {

    private static final Duration GRACE = Duration.ofSeconds(10);
    private final FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults().withUnknownHostGrace(GRACE))
            .withHostsAnnounced();
    private final SimHost newcomer = new SimHost("host-newcomer", XenProfile.LEGACY_2L, true, fleet.clock);

    @AfterEach
    void close() {
        fleet.close();
    }

    @Test
    void shouldFoldAGuestsEventsInOrderOnceItsHostAnnouncesItself() {
        // Given a guest whose boot and hibernation on a new host arrive before that host's HostStatus
        fleet.send("guest-1", Events.freshBoot(newcomer.next(), "guest-1", 1));
        fleet.send("guest-1", Events.booted(newcomer.next(), "guest-1", 1, EvtchnAbi.TWO_LEVEL));
        fleet.send("guest-1", Events.hibernated(newcomer.next(), "guest-1", 1, EvtchnAbi.TWO_LEVEL));
        fleet.advanceWallClock(Duration.ofSeconds(2));
        assertThat(fleet.guest("guest-1")).as("waiting, not folded").isNull();

        // When the host's HostStatus arrives within the grace period
        fleet.announce(newcomer);
        fleet.advanceWallClock(Duration.ofSeconds(1));

        // Then all three fold in their order (no impossible transition), nothing is dead-lettered, and the
        // hibernation is judged like any other: a 2-level image of a FIFO-aware kernel gets its denial
        assertThat(fleet.guest("guest-1").eventsApplied()).isEqualTo(3);
        assertThat(fleet.guest("guest-1").image()).isNotNull();
        assertThat(fleet.deadLetters.isEmpty()).isTrue();
        assertThat(fleet.directives()).anySatisfy(d -> assertThat(d.getTarget().getInstanceId()).isEqualTo("guest-1"));
    }

    @Test
    void shouldKeepALaterEventFromAKnownHostBehindTheWaitingOne() {
        // Given a guest's create on a host not announced yet, then its boot reported... by the same guest's next
        // event from a known host (a migration destination) that must not overtake it
        fleet.send("guest-2", Events.freshBoot(newcomer.next(), "guest-2", 1));
        fleet.send("guest-2", Events.migrated(newcomer.next(), "guest-2", 1, fleet.modern.id(), EvtchnAbi.TWO_LEVEL));
        fleet.send("guest-2", Events.created(fleet.modern.next(), "guest-2", 5,
                io.fleetcompat.schema.avro.CreateKind.MIGRATION_IN, io.fleetcompat.schema.avro.ControlSetting.UNSET,
                null, null));
        fleet.advanceWallClock(Duration.ofSeconds(1));
        assertThat(fleet.guest("guest-2")).as("the known host's event waits behind the unknown one").isNull();

        // When the new host announces itself
        fleet.announce(newcomer);
        fleet.advanceWallClock(Duration.ofSeconds(1));

        // Then the three fold in order
        assertThat(fleet.guest("guest-2").eventsApplied()).isEqualTo(3);
        assertThat(fleet.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterEachEventOfAHostThatNeverAnnouncesItselfAfterItsGrace() {
        // Given two events of a guest on a host that never sends a HostStatus
        fleet.send("guest-3", Events.freshBoot(newcomer.next(), "guest-3", 1));
        fleet.send("guest-3", Events.booted(newcomer.next(), "guest-3", 1, EvtchnAbi.TWO_LEVEL));

        // When less than the grace period passes, nothing is decided; when it has passed, both are dead letters
        fleet.advanceWallClock(GRACE.minusSeconds(2));
        assertThat(fleet.deadLetters.isEmpty()).isTrue();
        fleet.advanceWallClock(Duration.ofSeconds(3));

        // Then both say why (unknown host), not "impossible transition", and the guest has no state
        List<DeadLetter> letters = fleet.deadLetters.readValuesToList();
        assertThat(letters).hasSize(2).allSatisfy(l -> assertThat(l.getErrorMessage())
                .contains("unknown host host-newcomer", "waited 10 s"));
        assertThat(fleet.guest("guest-3")).isNull();
    }
}
