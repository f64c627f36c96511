package io.fleetcompat.agent.sim;

import java.time.Duration;

/** When a run stops: after a number of steps (deterministic), or after a wall-clock duration (for demos). */
public record RunLimit(long steps, Duration duration) {

    public RunLimit {
        if ((steps > 0) == (duration != null)) {
            throw new IllegalArgumentException("give exactly one of a positive step count and a duration");
        }
    }

    public static RunLimit steps(long steps) {
        return new RunLimit(steps, null);
    }

    public static RunLimit duration(Duration duration) {
        return new RunLimit(0, duration);
    }

    boolean reached(long stepsDone, long startNanos, long nowNanos) {
        return duration == null ? stepsDone >= steps : nowNanos - startNanos >= duration.toNanos();
    }
}
