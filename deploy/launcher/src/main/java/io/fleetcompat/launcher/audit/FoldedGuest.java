package io.fleetcompat.launcher.audit;

import java.util.Map;
import java.util.Set;

/**
 * What fleet-stream folded for one guest, as its state says: events applied, replays dropped as duplicates, and per
 * host the sequences its dedup window holds (every sequence applied, while the window is not full).
 */
public record FoldedGuest(long eventsApplied, long duplicatesDropped, Map<String, Set<Long>> windowByHost) {

    public FoldedGuest {
        windowByHost = Map.copyOf(windowByHost);
    }
}
