package io.fleetcompat.launcher.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The checker itself: it must fail on a hand-made loss, a double fold and a reused sequence, and pass a clean run. */
class DeliveryAuditTest {

    private static final int WINDOW = 64;

    /** host-a: heartbeat #1, then guest g1 #2..#4, guest g2 #5; host-b: heartbeat #1, g2 #2, g1 #3. */
    private final List<WireEvent> wire = new ArrayList<>(List.of(
            heartbeat("host-a", 1, 0), event("host-a", 2, "g1", 0), event("host-a", 3, "g1", 1),
            event("host-a", 4, "g1", 2), event("host-a", 5, "g2", 3),
            heartbeat("host-b", 1, 1), event("host-b", 2, "g2", 4), event("host-b", 3, "g1", 5)));
    private final Map<String, Long> appended = Map.of("host-a", 5L, "host-b", 3L);
    private final Map<String, FoldedGuest> folded = new HashMap<>(Map.of(
            "g1", folded(4, 0, Map.of("host-a", Set.of(2L, 3L, 4L), "host-b", Set.of(3L))),
            "g2", folded(2, 0, Map.of("host-a", Set.of(5L), "host-b", Set.of(2L)))));

    private static WireEvent event(String host, long sequence, String guest, long offset) {
        return new WireEvent("fleet.events", 0, offset, host, sequence, host + "-" + sequence, guest);
    }

    private static WireEvent heartbeat(String host, long sequence, long offset) {
        return new WireEvent("fleet.hosts", 0, offset, host, sequence, host + "-" + sequence, null);
    }

    private static FoldedGuest folded(long applied, long dropped, Map<String, Set<Long>> window) {
        Map<String, Set<Long>> copy = new HashMap<>();
        window.forEach((host, sequences) -> copy.put(host, new TreeSet<>(sequences)));
        return new FoldedGuest(applied, dropped, copy);
    }

    private DeliveryFigures audit() {
        return DeliveryAudit.audit(appended, wire, Set.of(), folded, WINDOW);
    }

    @Test
    void shouldPassARunWhereEveryAppendedEventIsFoldedOnce() {
        DeliveryFigures figures = audit();

        assertThat(figures.clean()).as(figures.describe()).isTrue();
        assertThat(figures.appended()).isEqualTo(8);
        assertThat(figures.delivered()).isEqualTo(8);
        assertThat(figures.guestEvents()).isEqualTo(6);
        assertThat(figures.folded()).isEqualTo(6);
    }

    @Test
    void shouldPassResentRecordsThatTheFoldDropped() {
        wire.add(event("host-a", 3, "g1", 6));
        folded.put("g1", folded(4, 1, Map.of("host-a", Set.of(2L, 3L, 4L), "host-b", Set.of(3L))));

        DeliveryFigures figures = audit();

        assertThat(figures.clean()).as(figures.describe()).isTrue();
        assertThat(figures.resent()).isEqualTo(1);
        assertThat(figures.duplicatesDropped()).isEqualTo(1);
    }

    @Test
    void shouldFailAnEventThatNeverReachedKafka() {
        wire.removeIf(e -> e.hostId().equals("host-b") && e.sequence() == 2);
        folded.put("g2", folded(1, 0, Map.of("host-a", Set.of(5L))));

        DeliveryFigures figures = audit();

        assertThat(figures.clean()).isFalse();
        assertThat(figures.lostBeforeKafka()).isEqualTo(1);
        assertThat(figures.lostInFold()).isZero();
        assertThat(figures.examples()).contains("not on Kafka host-b#2");
    }

    @Test
    void shouldFailAnEventOnKafkaThatNoGuestFolded() {
        folded.put("g1", folded(3, 0, Map.of("host-a", Set.of(2L, 4L), "host-b", Set.of(3L))));

        DeliveryFigures figures = audit();

        assertThat(figures.lostInFold()).isEqualTo(1);
        assertThat(figures.foldedTwice()).isZero();
        assertThat(figures.lost()).isEqualTo(1);
        assertThat(figures.examples()).contains("not folded g1 host-a#3");
    }

    @Test
    void shouldFailAnEventFoldedTwice() {
        folded.put("g2", folded(3, 0, Map.of("host-a", Set.of(5L), "host-b", Set.of(2L))));

        DeliveryFigures figures = audit();

        assertThat(figures.foldedTwice()).isEqualTo(1);
        assertThat(figures.lost()).isZero();
        assertThat(figures.clean()).isFalse();
    }

    @Test
    void shouldTellALossFromADoubleFoldInTheSameGuest() {
        // g1 applied 4 times but only 3 distinct events: #3 of host-a was lost and another one folded twice
        folded.put("g1", folded(4, 0, Map.of("host-a", Set.of(2L, 4L), "host-b", Set.of(3L))));

        DeliveryFigures figures = audit();

        assertThat(figures.lostInFold()).isEqualTo(1);
        assertThat(figures.foldedTwice()).isEqualTo(1);
    }

    @Test
    void shouldFailASequenceCarriedByTwoDifferentEvents() {
        wire.add(new WireEvent("fleet.events", 0, 9, "host-a", 4, "another-event", "g1"));

        DeliveryFigures figures = audit();

        assertThat(figures.sequencesReused()).isEqualTo(1);
        assertThat(figures.clean()).isFalse();
    }

    @Test
    void shouldCountAnAppendedEventFleetStreamDeadLetteredAsNotFolded() {
        folded.put("g2", folded(1, 0, Map.of("host-a", Set.of(5L))));

        DeliveryFigures figures = DeliveryAudit.audit(appended, wire,
                Set.of(new WireEvent.SourceRecord("fleet.events", 0, 4)), folded, WINDOW);

        assertThat(figures.deadLettered()).isEqualTo(1);
        assertThat(figures.lostInFold()).isZero();
        assertThat(figures.clean()).isFalse();
    }

    @Test
    void shouldCountAGuestFleetStreamNeverSawAsLost() {
        folded.remove("g2");

        assertThat(audit().lostInFold()).isEqualTo(2);
    }

    @Test
    void shouldFallBackToTotalsForAGuestWhoseWindowIsFull() {
        DeliveryFigures figures = DeliveryAudit.audit(appended, wire, Set.of(), folded, 1);

        assertThat(figures.inexactGuests()).isEqualTo(2);
        assertThat(figures.clean()).as(figures.describe()).isTrue();
        folded.put("g1", folded(5, 0, Map.of("host-a", Set.of(4L), "host-b", Set.of(3L))));
        assertThat(DeliveryAudit.audit(appended, wire, Set.of(), folded, 1).foldedTwice()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreRecordsOfHostsOutsideTheLedger() {
        wire.add(event("fuzz-host", 1, "g9", 10));

        assertThat(audit().clean()).isTrue();
        assertThat(audit().delivered()).isEqualTo(8);
    }
}
