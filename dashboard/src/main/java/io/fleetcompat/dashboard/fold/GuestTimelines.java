package io.fleetcompat.dashboard.fold;

import io.fleetcompat.dashboard.view.GuestSummary;
import io.fleetcompat.dashboard.view.TimelineEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's own bounded memory of guests: the last N timeline entries per guest, and at most M guests,
 * least recently active evicted first. Only a record about a guest counts as activity, not a page view, so
 * looking at a guest neither keeps it nor moves it up the recent list. fleet-stream holds the full state.
 */
public final class GuestTimelines {

    /** A guest's retained timeline, by event time (oldest first; ties in arrival order). */
    public record Snapshot(String instanceId, List<TimelineEntry> entries, List<String> hosts, boolean truncated) {
    }

    private static final class Timeline {
        /** By event time: the topics are not ordered against each other (fleet.policy may be read first). */
        final List<TimelineEntry> entries = new ArrayList<>();
        boolean truncated;
    }

    private final int entriesPerGuest;
    private final Map<String, Timeline> guests;

    public GuestTimelines(int entriesPerGuest, int maxGuests) {
        if (entriesPerGuest < 1 || maxGuests < 1) {
            throw new IllegalArgumentException("timeline bounds must be positive");
        }
        this.entriesPerGuest = entriesPerGuest;
        this.guests = new LinkedHashMap<>(Math.min(maxGuests, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Timeline> eldest) {
                return size() > maxGuests;
            }
        };
    }

    public synchronized void append(String instanceId, TimelineEntry entry) {
        Timeline timeline = guests.remove(instanceId);
        if (timeline == null) {
            timeline = new Timeline();
        }
        guests.put(instanceId, timeline); // last: the most recently active
        timeline.entries.add(positionFor(timeline.entries, entry.at()), entry);
        while (timeline.entries.size() > entriesPerGuest) {
            timeline.entries.remove(0); // the oldest by event time
            timeline.truncated = true;
        }
    }

    /** After every entry at or before the time, so ties keep their arrival order; usually the end. */
    private static int positionFor(List<TimelineEntry> entries, long at) {
        int i = entries.size();
        while (i > 0 && entries.get(i - 1).at() > at) {
            i--;
        }
        return i;
    }

    public synchronized Optional<Snapshot> find(String instanceId) {
        Timeline timeline = guests.get(instanceId);
        if (timeline == null) {
            return Optional.empty();
        }
        LinkedHashSet<String> hosts = new LinkedHashSet<>();
        timeline.entries.forEach(e -> {
            if (e.hostId() != null) {
                hosts.add(e.hostId());
            }
        });
        return Optional.of(new Snapshot(instanceId, List.copyOf(timeline.entries), List.copyOf(hosts),
                timeline.truncated));
    }

    public synchronized boolean contains(String instanceId) {
        return guests.containsKey(instanceId);
    }

    /** The most recently active guests, newest first. */
    public synchronized List<GuestSummary> recent(int limit) {
        List<GuestSummary> all = new ArrayList<>(guests.size());
        guests.forEach((id, timeline) -> {
            if (!timeline.entries.isEmpty()) {
                TimelineEntry last = timeline.entries.get(timeline.entries.size() - 1);
                all.add(new GuestSummary(id, last.kind(), last.at(), last.hostId()));
            }
        });
        Collections.reverse(all);
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    public synchronized int size() {
        return guests.size();
    }
}
