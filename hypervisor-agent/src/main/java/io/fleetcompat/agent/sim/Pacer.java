package io.fleetcompat.agent.sim;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces steps to a rate: step n may start at start + n / rate; a step that is due waits for nothing, so a
 * slow stretch is caught up (bounded by a one-second burst, like a token bucket of that size).
 */
final class Pacer {

    private final double nanosPerStep;
    private long start;
    private long issued;

    Pacer(Pacing pacing) {
        this.nanosPerStep = pacing.isPaced() ? 1e9 / pacing.maxOpsPerSecond() : 0;
    }

    void start(long nowNanos) {
        start = nowNanos;
        issued = 0;
    }

    void acquire() {
        if (nanosPerStep == 0) {
            return;
        }
        long due = start + (long) (issued * nanosPerStep);
        long now = System.nanoTime();
        if (due > now) {
            LockSupport.parkNanos(due - now);
        } else if (now - due > 1_000_000_000L) {
            // Far behind (a GC pause, a slow burst): forget the debt beyond one second's worth of steps.
            start = now - (long) (issued * nanosPerStep) - 1_000_000_000L;
        }
        issued++;
    }
}
