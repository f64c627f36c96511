package io.fleetcompat.agent.outbox;

/**
 * What recovery writes in place of a damaged entry, so the entries after it keep their offsets and are sent,
 * and the damage itself reaches Kafka instead of a log line only (the agent writes a dead letter).
 */
@FunctionalInterface
public interface DamageReport {

    /** The record that replaces a damaged entry: sent like any other entry, under no host's sequence. */
    record Replacement(String topic, String key, byte[] value) {
    }

    Replacement replace(DamagedEntry damaged);

    /** Refuses to open a damaged outbox: for tools that must not change it. */
    DamageReport REFUSE = damaged -> {
        throw new OutboxCorruptedException(damaged.describe() + "; no damage report was given to replace it");
    };
}
