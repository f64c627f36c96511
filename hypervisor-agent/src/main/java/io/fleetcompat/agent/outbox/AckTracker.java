package io.fleetcompat.agent.outbox;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns acknowledgements, which arrive out of order across partitions, into the contiguous acknowledged
 * prefix of the log: the checkpoint may only move over entries that are all acknowledged. Not thread-safe;
 * the outbox guards it.
 */
final class AckTracker {

    private record HostSequence(String hostId, long sequence) {
    }

    private final TreeMap<Long, HostSequence> ackedAhead = new TreeMap<>();
    private final Map<String, Long> ackedSequences;
    private long ackedOffset;

    AckTracker(Checkpoint start) {
        this.ackedOffset = start.ackedOffset();
        this.ackedSequences = new HashMap<>(start.ackedSequences());
    }

    void ack(long offset, String hostId, long sequence) {
        if (offset < ackedOffset) {
            return;
        }
        ackedAhead.put(offset, new HostSequence(hostId, sequence));
        HostSequence next;
        while ((next = ackedAhead.remove(ackedOffset)) != null) {
            if (!next.hostId().equals(LogRecovery.NO_HOST)) {
                ackedSequences.merge(next.hostId(), next.sequence(), Math::max);
            }
            ackedOffset++;
        }
    }

    long ackedOffset() {
        return ackedOffset;
    }

    /** The acknowledged part; the outbox adds its refusal counts before writing it. */
    Checkpoint checkpoint() {
        return new Checkpoint(ackedOffset, ackedSequences, Map.of());
    }
}
