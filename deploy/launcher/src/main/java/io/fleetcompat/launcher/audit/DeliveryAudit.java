package io.fleetcompat.launcher.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Holds what the agents appended against what Kafka holds against what fleet-stream folded, by host sequence. Agents
 * number each host's records densely (1, 2, ... with no gap; a refused record takes no number), so a host's last
 * sequence says everything it appended. A guest's state counts the events it applied and keeps, per host, a window of
 * the sequences it applied: while the window is not full, it is the exact set, so a lost event and an event applied
 * twice are told apart even in the same guest; past it, the counters give lower bounds. Pure: the readers
 * ({@link WireLedger}, {@link FoldLedger}) gather its inputs.
 */
public final class DeliveryAudit {

    private static final int EXAMPLES = 8;
    /** fleet-stream keeps the windows of at most this many hosts per guest (HostSequences.MAX_HOSTS). */
    static final int WINDOW_HOSTS = 32;

    private DeliveryAudit() {
    }

    /**
     * @param appended     per host in scope, its last sequence; records of other hosts are ignored
     * @param wire         the agents' records on fleet.events and fleet.hosts
     * @param deadLettered coordinates named by fleet.dead-letters
     * @param folded       per guest, what its state says; a guest without a state is absent
     * @param windowLimit  the dedup window's size per host (fleet-stream's {@code dedup-window-per-host})
     */
    public static DeliveryFigures audit(Map<String, Long> appended, Collection<WireEvent> wire,
                                        Set<WireEvent.SourceRecord> deadLettered, Map<String, FoldedGuest> folded,
                                        int windowLimit) {
        List<String> examples = new ArrayList<>();
        Map<HostSequence, WireEvent> first = new HashMap<>();
        Set<HostSequence> rejected = new HashSet<>();
        long resent = 0;
        long reused = 0;
        for (WireEvent event : wire) {
            if (!appended.containsKey(event.hostId())) {
                continue;
            }
            HostSequence id = new HostSequence(event.hostId(), event.sequence());
            WireEvent seen = first.putIfAbsent(id, event);
            if (seen != null) {
                resent++;
                if (!seen.eventId().equals(event.eventId())) {
                    reused++;
                    example(examples, "sequence reused " + id);
                }
            }
            if (deadLettered.contains(event.source())) {
                rejected.add(id);
            }
        }
        long total = 0;
        long lostBeforeKafka = 0;
        for (Map.Entry<String, Long> host : appended.entrySet()) {
            total += host.getValue();
            for (long sequence = 1; sequence <= host.getValue(); sequence++) {
                if (!first.containsKey(new HostSequence(host.getKey(), sequence))) {
                    lostBeforeKafka++;
                    example(examples, "not on Kafka " + host.getKey() + "#" + sequence);
                }
            }
        }
        Map<String, Map<String, Set<Long>>> expected = new HashMap<>();
        long guestEvents = 0;
        for (WireEvent event : first.values()) {
            if (event.instanceId() == null) {
                continue;
            }
            guestEvents++;
            if (!rejected.contains(new HostSequence(event.hostId(), event.sequence()))) {
                expected.computeIfAbsent(event.instanceId(), g -> new HashMap<>())
                        .computeIfAbsent(event.hostId(), h -> new TreeSet<>()).add(event.sequence());
            }
        }
        FoldTally tally = new FoldTally();
        expected.forEach((guest, byHost) -> tally.add(guest, byHost, folded.get(guest), windowLimit, examples));
        for (Map.Entry<String, FoldedGuest> guest : folded.entrySet()) {
            if (!expected.containsKey(guest.getKey())) {
                tally.add(guest.getKey(), Map.of(), guest.getValue(), windowLimit, examples);
            }
        }
        return new DeliveryFigures(total, first.size(), resent, lostBeforeKafka, reused, guestEvents, rejected.size(),
                tally.folded, tally.dropped, tally.lost, tally.twice, tally.inexact, examples);
    }

    private record HostSequence(String hostId, long sequence) {
        @Override
        public String toString() {
            return hostId + "#" + sequence;
        }
    }

    private static final class FoldTally {
        long folded;
        long dropped;
        long lost;
        long twice;
        long inexact;

        void add(String guest, Map<String, Set<Long>> expected, FoldedGuest state, int windowLimit, List<String> examples) {
            long expectedCount = expected.values().stream().mapToLong(Set::size).sum();
            if (state == null) {
                lost += expectedCount;
                example(examples, "guest " + guest + " unknown to fleet-stream (" + expectedCount + " events)");
                return;
            }
            folded += state.eventsApplied();
            dropped += state.duplicatesDropped();
            boolean exact = expected.keySet().stream().allMatch(host -> state.windowByHost().containsKey(host)
                    && state.windowByHost().get(host).size() < windowLimit)
                    && state.windowByHost().values().stream().allMatch(window -> window.size() < windowLimit)
                    && state.windowByHost().size() < WINDOW_HOSTS;
            if (!exact) {
                inexact++;
                lost += Math.max(0, expectedCount - state.eventsApplied());
                twice += Math.max(0, state.eventsApplied() - expectedCount);
                return;
            }
            long distinctApplied = 0;
            for (Map.Entry<String, Set<Long>> host : state.windowByHost().entrySet()) {
                distinctApplied += host.getValue().size();
                Set<Long> wanted = expected.getOrDefault(host.getKey(), Set.of());
                for (long sequence : wanted) {
                    if (!host.getValue().contains(sequence)) {
                        lost++;
                        example(examples, "not folded " + guest + " " + host.getKey() + "#" + sequence);
                    }
                }
            }
            for (Map.Entry<String, Set<Long>> host : expected.entrySet()) {
                if (!state.windowByHost().containsKey(host.getKey())) {
                    lost += host.getValue().size();
                    example(examples, "not folded " + guest + " " + host.getKey() + "#" + host.getValue());
                }
            }
            if (state.eventsApplied() > distinctApplied) {
                twice += state.eventsApplied() - distinctApplied;
                example(examples, "folded twice in " + guest + ": " + state.eventsApplied() + " applied, "
                        + distinctApplied + " distinct");
            }
        }
    }

    private static void example(List<String> examples, String text) {
        if (examples.size() < EXAMPLES) {
            examples.add(text);
        }
    }
}
