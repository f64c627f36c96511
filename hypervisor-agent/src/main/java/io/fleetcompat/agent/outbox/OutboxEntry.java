package io.fleetcompat.agent.outbox;

import java.util.Objects;

/**
 * One event waiting in the outbox: the Kafka record to send, tagged with the host that emitted it and
 * that host's sequence number (the duplicate-removal key downstream).
 *
 * @param offset position in the outbox log, dense and increasing across all hosts
 * @param key    Kafka key, null for none
 * @param value  the serialized event (Avro single-object bytes)
 */
public record OutboxEntry(long offset, String hostId, long sequence, String topic, String key, byte[] value) {

    public OutboxEntry {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(value, "value");
    }
}
