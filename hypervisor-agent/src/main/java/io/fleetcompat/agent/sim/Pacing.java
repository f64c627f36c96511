package io.fleetcompat.agent.sim;

/**
 * How fast {@link Simulator#run} goes in wall-clock time: unpaced (as fast as it can, for tests and
 * benchmarks) or at most {@code maxOpsPerSecond}. Pacing never changes which operations run.
 */
public record Pacing(double maxOpsPerSecond) {

    public static final Pacing UNPACED = new Pacing(0);

    public Pacing {
        if (maxOpsPerSecond < 0 || Double.isNaN(maxOpsPerSecond)) {
            throw new IllegalArgumentException("max rate must be 0 (unpaced) or positive, was " + maxOpsPerSecond);
        }
    }

    public static Pacing maxRate(double opsPerSecond) {
        if (opsPerSecond <= 0) {
            throw new IllegalArgumentException("max rate must be positive, was " + opsPerSecond);
        }
        return new Pacing(opsPerSecond);
    }

    public boolean isPaced() {
        return maxOpsPerSecond > 0;
    }
}
