package io.fleetcompat.agent.outbox;

import java.time.Duration;
import java.util.Objects;

/**
 * When the outbox forces appended entries to disk. Whatever the policy, the publisher never sends an
 * entry that is not yet on disk (it forces a sync first), so a power loss can only drop entries nobody
 * has seen, and their sequence numbers are then reused without leaving a gap in the stream.
 *
 * @param everyN   for {@link Mode#EVERY_N}: sync after this many appends
 * @param interval for {@link Mode#INTERVAL}: sync at this period when something is unsynced
 */
public record FsyncPolicy(Mode mode, int everyN, Duration interval) {

    public enum Mode {
        /** Every append returns only once its entry is on disk. */
        ALWAYS,
        /** Appends are synced in groups of N. */
        EVERY_N,
        /** A background thread syncs at a fixed period. */
        INTERVAL
    }

    public FsyncPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(interval, "interval");
        if (mode == Mode.EVERY_N && everyN < 1) {
            throw new IllegalArgumentException("EVERY_N needs everyN >= 1, was " + everyN);
        }
        if (mode == Mode.INTERVAL && (interval.isZero() || interval.isNegative())) {
            throw new IllegalArgumentException("INTERVAL needs a positive interval, was " + interval);
        }
    }

    public static FsyncPolicy always() {
        return new FsyncPolicy(Mode.ALWAYS, 1, Duration.ofSeconds(1));
    }

    public static FsyncPolicy everyN(int n) {
        return new FsyncPolicy(Mode.EVERY_N, n, Duration.ofSeconds(1));
    }

    public static FsyncPolicy interval(Duration interval) {
        return new FsyncPolicy(Mode.INTERVAL, 1, interval);
    }
}
