package io.fleetcompat.agent.outbox;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how the outbox keeps its log.
 *
 * @param maxBytes     bound on the bytes of all retained segments; appends beyond it are rejected
 * @param segmentBytes a segment is rolled once it would exceed this size; drained segments are deleted whole
 */
public record OutboxSettings(Path dir, long maxBytes, long segmentBytes, FsyncPolicy fsync) {

    public OutboxSettings {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(fsync, "fsync");
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segmentBytes must be at least 1024, was " + segmentBytes);
        }
        if (maxBytes < 2 * segmentBytes) {
            throw new IllegalArgumentException("maxBytes (" + maxBytes + ") must be at least two segments ("
                    + 2 * segmentBytes + ")");
        }
    }

    /**
     * Extra room only alarms may use, so the "outbox full" alarm itself is never lost to the bound it reports.
     */
    public long alarmReserveBytes() {
        return Math.max(64 * 1024, maxBytes / 32);
    }
}
