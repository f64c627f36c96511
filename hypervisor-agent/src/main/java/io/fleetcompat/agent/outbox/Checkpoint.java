package io.fleetcompat.agent.outbox;

import java.util.Map;

/**
 * What Kafka has acknowledged, persisted so drained segments can be deleted without forgetting sequences.
 *
 * @param ackedOffset     every entry below this offset is acknowledged; replay starts here
 * @param ackedSequences  per host, the highest sequence among acknowledged entries: recovery continues
 *                        each host's sequence from it when that host's entries are all deleted
 * @param refused         per host, events the outbox refused in its life: kept here so a restart does not reset
 *                        the count the host's heartbeats report
 */
record Checkpoint(long ackedOffset, Map<String, Long> ackedSequences, Map<String, Long> refused) {

    static final Checkpoint EMPTY = new Checkpoint(0, Map.of(), Map.of());

    Checkpoint {
        ackedSequences = Map.copyOf(ackedSequences);
        refused = Map.copyOf(refused);
    }

    Checkpoint withRefused(Map<String, Long> counts) {
        return new Checkpoint(ackedOffset, ackedSequences, counts);
    }
}
