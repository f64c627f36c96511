package io.fleetcompat.agent.outbox;

import java.nio.file.Path;

/**
 * An outbox offset whose entry recovery could not read although entries after it could: bit rot, or pages of
 * an unsynced write that a power loss kept out of order. What the damaged bytes still say (host, sequence,
 * topic, key) is read without trusting them, only to name the entry in the report.
 *
 * @param position     byte position of the damaged region in {@code segment}
 * @param regionOffsets how many offsets the damaged region spans (more than one when its length prefix is damaged)
 * @param raw          the damaged bytes as found (at most {@link #MAX_RAW_BYTES}); empty for the region's later offsets
 * @param readable     what the damaged bytes seem to say, or null when they do not parse
 */
public record DamagedEntry(long offset, Path segment, long position, int regionOffsets, String why, byte[] raw,
                           OutboxEntry readable) {

    /** Damaged bytes kept in a report, so the report itself always fits an entry. */
    public static final int MAX_RAW_BYTES = 64 * 1024;

    /** One line for logs and dead letters. */
    public String describe() {
        StringBuilder text = new StringBuilder("outbox entry at offset ").append(offset).append(" (")
                .append(segment.getFileName()).append(", byte ").append(position).append(") is damaged: ").append(why);
        if (regionOffsets > 1) {
            text.append("; the damaged region spans ").append(regionOffsets).append(" offsets");
        }
        if (readable != null) {
            text.append("; unverified, it reads as host ").append(readable.hostId()).append(" sequence ")
                    .append(readable.sequence()).append(" for ").append(readable.topic());
        }
        return text.toString();
    }
}
