package io.fleetcompat.agent.outbox;

import java.util.Map;

/**
 * What Kafka has acknowledged, persisted so drained segments can be deleted without forgetting sequences.
 *
 * @param ackedOffset     every entry below this offset is acknowledged; replay starts here
 * @param ackedSequences  per host, the highest sequence among acknowledged entries: recovery continues
 *                        each host's sequence from it when that host's entries are all deleted
 */
record Checkpoint(long ackedOffset, Map<String, Long> ackedSequences) {

    static final Checkpoint EMPTY = new Checkpoint(0, Map.of());

    Checkpoint {
        ackedSequences = Map.copyOf(ackedSequences);
    }
}
