package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.outbox.Outbox;
import java.time.Duration;

/** Waits, bounded, until Kafka has acknowledged everything in the outbox, before a run reports and exits. */
public final class OutboxDrain {

    /** Whether the outbox emptied within the wait, and what was still unacknowledged at the end of it. */
    public record Result(boolean drained, long pending, Duration waited) {
    }

    private static final long POLL_MILLIS = 100;

    private OutboxDrain() {
    }

    public static Result await(Outbox outbox, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long pending = outbox.depth();
        while (pending > 0 && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            pending = outbox.depth();
        }
        return new Result(pending == 0, pending, Duration.ofNanos(System.nanoTime() - start));
    }
}
