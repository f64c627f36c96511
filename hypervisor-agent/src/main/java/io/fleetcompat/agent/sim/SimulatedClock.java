package io.fleetcompat.agent.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Simulated time: step n happens at start + n / opsPerSecond seconds, whatever the wall clock says, so event
 * times (and waves given in seconds) are the same on every run of a seed.
 */
final class SimulatedClock extends Clock {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final double millisPerStep;
    private long startMillis = START.toEpochMilli();
    private long step;

    SimulatedClock(double opsPerSecond) {
        this.millisPerStep = 1000.0 / opsPerSecond;
    }

    /** Moves step 0 to {@code start}, e.g. the wall-clock start of a live run. */
    void startAt(Instant start) {
        startMillis = start.toEpochMilli();
    }

    void step(long value) {
        step = value;
    }

    double seconds() {
        return step * millisPerStep / 1000.0;
    }

    @Override
    public long millis() {
        return startMillis + Math.round(step * millisPerStep);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("simulated time is UTC only");
    }
}
