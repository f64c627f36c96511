package io.fleetcompat.stream.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * A guest's events that wait for their host's first HostStatus, oldest first. Kept as the bytes they arrived as
 * (decoded again when they are let through), with where they came from for a dead letter.
 *
 * @param events oldest first; the head is the one whose host is unknown, the rest wait behind it in order
 */
public record ParkedEvents(List<Parked> events) {

    /**
     * @param hostId the event's host, whose HostStatus is awaited
     * @param timestamp the record's timestamp, kept for what the event produces when it is let through
     * @param parkedAt wall-clock time it was parked, for the grace period
     */
    public record Parked(String hostId, String topic, int partition, long offset, byte[] key, byte[] value,
                         long timestamp, long parkedAt) {
    }

    public ParkedEvents {
        events = List.copyOf(events);
    }

    public ParkedEvents append(Parked event) {
        List<Parked> more = new ArrayList<>(events);
        more.add(event);
        return new ParkedEvents(more);
    }
}
