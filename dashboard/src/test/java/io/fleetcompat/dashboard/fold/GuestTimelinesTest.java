package io.fleetcompat.dashboard.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.dashboard.view.TimelineEntry;
import org.junit.jupiter.api.Test;

class GuestTimelinesTest {

    private static TimelineEntry entry(long at, String host) {
        return new TimelineEntry(at, "event-" + at, host, "PROPOSED", "GuestBooted", "booted", null, null);
    }

    @Test
    void shouldKeepOnlyTheNewestEntriesOfAGuestAndSayOlderOnesWereDropped() {
        GuestTimelines timelines = new GuestTimelines(3, 10);

        for (long at = 1; at <= 5; at++) {
            timelines.append("guest-a", entry(at, at <= 2 ? "host-1" : "host-2"));
        }

        GuestTimelines.Snapshot snapshot = timelines.find("guest-a").orElseThrow();
        assertThat(snapshot.entries()).extracting(TimelineEntry::at).containsExactly(3L, 4L, 5L);
        assertThat(snapshot.truncated()).isTrue();
        assertThat(snapshot.hosts()).containsExactly("host-2");
    }

    @Test
    void shouldOrderAGuestsEntriesByEventTimeKeepingTiesInArrivalOrder() {
        GuestTimelines timelines = new GuestTimelines(10, 10);

        timelines.append("guest-a", entry(30, "host-1"));
        timelines.append("guest-a", entry(10, "host-1"));
        timelines.append("guest-a", new TimelineEntry(20, "first-at-20", "host-1", "PROPOSED", "GuestBooted",
                "booted", null, null));
        timelines.append("guest-a", new TimelineEntry(20, "second-at-20", "host-1", "PROPOSED", "GuestHibernated",
                "hibernated", null, null));

        assertThat(timelines.find("guest-a").orElseThrow().entries()).extracting(TimelineEntry::eventId)
                .containsExactly("event-10", "first-at-20", "second-at-20", "event-30");
        assertThat(timelines.recent(1).get(0).lastAt()).isEqualTo(30L);
    }

    @Test
    void shouldDropTheOldestEntriesByEventTimeNotByArrival() {
        GuestTimelines timelines = new GuestTimelines(3, 10);

        for (long at : new long[] {5, 1, 4, 2, 3}) {
            timelines.append("guest-a", entry(at, "host-1"));
        }

        GuestTimelines.Snapshot snapshot = timelines.find("guest-a").orElseThrow();
        assertThat(snapshot.entries()).extracting(TimelineEntry::at).containsExactly(3L, 4L, 5L);
        assertThat(snapshot.truncated()).isTrue();
    }

    @Test
    void shouldEvictTheLeastRecentlyActiveGuestWhenFullWhoeverWasViewed() {
        GuestTimelines timelines = new GuestTimelines(10, 2);
        timelines.append("guest-a", entry(1, "host-1"));
        timelines.append("guest-b", entry(2, "host-1"));
        timelines.append("guest-a", entry(3, "host-1")); // guest-a active again

        timelines.find("guest-b"); // viewing a guest is no activity
        timelines.append("guest-c", entry(4, "host-1"));

        assertThat(timelines.contains("guest-a")).isTrue();
        assertThat(timelines.contains("guest-b")).isFalse();
        assertThat(timelines.contains("guest-c")).isTrue();
        assertThat(timelines.size()).isEqualTo(2);
    }

    @Test
    void shouldNotMoveAViewedGuestUpTheRecentList() {
        GuestTimelines timelines = new GuestTimelines(10, 10);
        timelines.append("guest-a", entry(1, "host-1"));
        timelines.append("guest-b", entry(2, "host-1"));

        timelines.find("guest-a");
        timelines.contains("guest-a");

        assertThat(timelines.recent(10)).extracting(s -> s.instanceId()).containsExactly("guest-b", "guest-a");
    }

    @Test
    void shouldListRecentGuestsNewestFirst() {
        GuestTimelines timelines = new GuestTimelines(10, 10);
        timelines.append("guest-a", entry(1, "host-1"));
        timelines.append("guest-b", entry(2, "host-2"));

        assertThat(timelines.recent(10)).extracting(s -> s.instanceId()).containsExactly("guest-b", "guest-a");
        assertThat(timelines.recent(1)).hasSize(1);
    }
}
