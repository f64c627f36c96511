package io.fleetcompat.rules.guest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per host, the highest sequence seen for this guest and a bounded window of recent (sequence, event id)
 * pairs: enough to tell an outbox replay (same id again) from a sequence going backwards (another id).
 * At most {@link #MAX_HOSTS} hosts are kept (the least recently seen goes first): a guest visits few hosts.
 */
public record HostSequences(Map<String, HostWindow> byHost) {

    public static final int MAX_HOSTS = 32;
    public static final HostSequences EMPTY = new HostSequences(Map.of());

    public HostSequences {
        byHost = Map.copyOf(byHost);
    }

    /** What a (host, sequence, event id) is, given what this guest has seen from that host. */
    public enum Verdict {
        NEW,
        /** Same (host, sequence, event id) again: an outbox replay. */
        DUPLICATE,
        /** At or below the highest sequence but with another event id. */
        BACKWARDS,
        /** Below the kept window: neither a duplicate nor a regression can be proven. */
        BELOW_WINDOW
    }

    /** One accepted (sequence, event id); the window is read and written on every event, so kept small. */
    public record Seen(long sequence, String eventId) {
    }

    public record HostWindow(long highest, List<Seen> recent, long lastSeenAt) {
        public HostWindow {
            recent = List.copyOf(recent);
        }
    }

    public Verdict check(String hostId, long sequence, String eventId) {
        HostWindow window = byHost.get(hostId);
        if (window == null || sequence > window.highest()) {
            return Verdict.NEW;
        }
        for (Seen seen : window.recent()) {
            if (seen.sequence() == sequence) {
                return seen.eventId().equals(eventId) ? Verdict.DUPLICATE : Verdict.BACKWARDS;
            }
        }
        long lowestKept = window.recent().isEmpty() ? window.highest() : window.recent().get(0).sequence();
        return sequence < lowestKept ? Verdict.BELOW_WINDOW : Verdict.BACKWARDS;
    }

    /** After accepting an event: remember it, trimming the window and the host list. */
    public HostSequences record(String hostId, long sequence, String eventId, long at, int windowSize) {
        HostWindow old = byHost.get(hostId);
        List<Seen> recent = new ArrayList<>(old == null ? List.of() : old.recent());
        recent.add(new Seen(sequence, eventId));
        recent.sort(Comparator.comparingLong(Seen::sequence));
        while (recent.size() > windowSize) {
            recent.remove(0);
        }
        long highest = old == null ? sequence : Math.max(old.highest(), sequence);
        Map<String, HostWindow> next = new TreeMap<>(byHost);
        next.put(hostId, new HostWindow(highest, recent, at));
        while (next.size() > MAX_HOSTS) {
            String stalest = next.entrySet().stream()
                    .min(Comparator.comparingLong(e -> e.getValue().lastSeenAt()))
                    .orElseThrow().getKey();
            next.remove(stalest);
        }
        return new HostSequences(next);
    }
}
