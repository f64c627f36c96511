package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.outbox.Outbox;
import java.time.Duration;
import java.util.List;

/**
 * Waits, bounded, until every host has queued a first record (its start-up heartbeat) and Kafka has acknowledged
 * the outbox. fleet-stream dead-letters the events of a host it has no HostStatus from, so a fleet that starts
 * operating before its heartbeats landed loses its first guests' histories.
 */
final class FirstHeartbeats {

    private static final long POLL_MILLIS = 50;

    private FirstHeartbeats() {
    }

    /** @return whether every host's heartbeat was acknowledged within {@code timeout} */
    static boolean await(Outbox outbox, List<String> hostIds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!landed(outbox, hostIds)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    private static boolean landed(Outbox outbox, List<String> hostIds) {
        return hostIds.stream().allMatch(host -> outbox.lastSequence(host) > 0) && outbox.depth() == 0;
    }
}
