package io.fleetcompat.launcher.audit;

/**
 * One agent record as Kafka holds it (fleet.events or fleet.hosts): where it is, and the host, sequence and event id
 * its header carries. {@code instanceId} names the guest whose state folds it; null for records fleet-stream folds
 * into no guest (heartbeats, an ack without a domain, a control-domain hypercall).
 */
public record WireEvent(String topic, int partition, long offset, String hostId, long sequence, String eventId,
                        String instanceId) {

    /** The coordinates a dead letter names. */
    public SourceRecord source() {
        return new SourceRecord(topic, partition, offset);
    }

    /** A record's place in Kafka. */
    public record SourceRecord(String topic, int partition, long offset) {
    }
}
