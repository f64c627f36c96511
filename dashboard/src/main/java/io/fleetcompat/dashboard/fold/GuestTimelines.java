package io.fleetcompat.dashboard.fold;

import io.fleetcompat.dashboard.view.BirthView;
import io.fleetcompat.dashboard.view.GuestSummary;
import io.fleetcompat.dashboard.view.TimelineEntry;
import io.fleetcompat.rules.guest.BirthCertificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The dashboard's own bounded memory of guests: the last N timeline entries per guest, and at most M guests,
 * least recently active evicted first. Only a record about a guest counts as activity, not a page view, so
 * looking at a guest neither keeps it nor moves it up the recent list. fleet-stream holds the full state.
 * The birth certificate is fleet-rules' own ({@link BirthCertificate#after}), folded over the agent events in the
 * order the dashboard reads them, as fleet-stream folds them: the first one read makes a guest first seen mid-life
 * unless it is its fresh boot.
 */
public final class GuestTimelines {

    /**
     * A guest's retained timeline, by event time (oldest first; ties in arrival order).
     *
     * @param birth null until an agent event of the guest was read (a directive alone makes none)
     */
    public record Snapshot(String instanceId, List<TimelineEntry> entries, List<String> hosts, boolean truncated,
                           BirthView birth) {
    }

    private static final class Timeline {
        /** By event time: the topics are not ordered against each other (fleet.policy may be read first). */
        final List<TimelineEntry> entries = new ArrayList<>();
        boolean truncated;
        boolean eventSeen;
        BirthCertificate birth;
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

    /** An agent event of the guest: a timeline entry, and the birth certificate after it. */
    public synchronized void onEvent(String instanceId, TimelineEntry entry, SpecificRecord event) {
        Timeline timeline = timelineWith(instanceId, entry);
        timeline.birth = BirthCertificate.after(timeline.birth, !timeline.eventSeen, event);
        timeline.eventSeen = true;
    }

    /** A step that is no agent event (a directive): a timeline entry only. */
    public synchronized void append(String instanceId, TimelineEntry entry) {
        timelineWith(instanceId, entry);
    }

    /** The guest's timeline with the entry in place, now the most recently active. */
    private Timeline timelineWith(String instanceId, TimelineEntry entry) {
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
        return timeline;
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
                timeline.truncated, birthView(timeline.birth)));
    }

    private static BirthView birthView(BirthCertificate b) {
        if (b == null) {
            return null;
        }
        return new BirthView(b.hostId(), b.xenProfile().name(), b.hostFifoBuiltIn(),
                b.kernel() == null ? null : b.kernel().name(), b.kernel() == null ? null : b.kernel().family(),
                b.kernel() == null ? null : b.kernel().fifoAware(), b.abi().name(), b.bornAt(), b.eventId(),
                b.fifoAware(), b.firstSeenMidLife());
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
