package io.fleetcompat.agent.sim;

/**
 * Paces steps to a rate: step n may start at start + n / rate; a step that is due waits for nothing, so a
 * slow stretch is caught up (bounded by a one-second burst, like a token bucket of that size). One pacer spans
 * every {@link Simulator#run} call at the same rate, so a caller that runs in short chunks keeps the rate.
 */
final class Pacer {

    private final Pacing pacing;
    private final NanoClock clock;
    private final double nanosPerStep;
    private long start;
    private long issued;

    Pacer(Pacing pacing, NanoClock clock) {
        this.pacing = pacing;
        this.clock = clock;
        this.nanosPerStep = pacing.isPaced() ? 1e9 / pacing.maxOpsPerSecond() : 0;
        this.start = clock.nanoTime();
    }

    Pacing pacing() {
        return pacing;
    }

    void acquire() {
        if (nanosPerStep == 0) {
            return;
        }
        long due = start + (long) (issued * nanosPerStep);
        long now = clock.nanoTime();
        if (due > now) {
            clock.parkNanos(due - now);
        } else if (now - due > 1_000_000_000L) {
            // Far behind (a GC pause, a slow burst): forget the debt beyond one second's worth of steps.
            start = now - (long) (issued * nanosPerStep) - 1_000_000_000L;
        }
        issued++;
    }
}
