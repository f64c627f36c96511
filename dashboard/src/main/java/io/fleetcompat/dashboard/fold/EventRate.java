package io.fleetcompat.dashboard.fold;

import java.time.Clock;

/** Records per second over a sliding window of whole seconds, by arrival time, in a fixed ring. */
public final class EventRate {

    private final Clock clock;
    private final int windowSeconds;
    private final long[] secondOfSlot;
    private final long[] countOfSlot;

    public EventRate(Clock clock, int windowSeconds) {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("rate window must be at least 1 s, was " + windowSeconds);
        }
        this.clock = clock;
        this.windowSeconds = windowSeconds;
        this.secondOfSlot = new long[windowSeconds];
        this.countOfSlot = new long[windowSeconds];
    }

    public synchronized void record(int records) {
        long second = clock.millis() / 1000;
        int slot = (int) (second % windowSeconds);
        if (secondOfSlot[slot] != second) {
            secondOfSlot[slot] = second;
            countOfSlot[slot] = 0;
        }
        countOfSlot[slot] += records;
    }

    public synchronized double perSecond() {
        long now = clock.millis() / 1000;
        long sum = 0;
        for (int slot = 0; slot < windowSeconds; slot++) {
            if (secondOfSlot[slot] > now - windowSeconds && secondOfSlot[slot] <= now) {
                sum += countOfSlot[slot];
            }
        }
        return (double) sum / windowSeconds;
    }
}
