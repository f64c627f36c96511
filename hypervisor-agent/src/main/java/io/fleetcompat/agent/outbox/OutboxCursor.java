package io.fleetcompat.agent.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the outbox in offset order from a start offset, returning only entries already on disk. Used by one
 * thread (the publisher); a rewind is a new cursor.
 */
public final class OutboxCursor implements AutoCloseable {

    private final Outbox outbox;
    private long nextOffset;
    private FileChannel channel;
    private long position;

    OutboxCursor(Outbox outbox, long startOffset) {
        this.outbox = outbox;
        this.nextOffset = startOffset;
    }

    /** The offset of the next entry {@link #read} returns. */
    public long nextOffset() {
        return nextOffset;
    }

    /** True when entries were appended beyond this cursor but are not yet synced to disk. */
    public boolean behindUnsynced() {
        return outbox.durableOffset() <= nextOffset && outbox.nextOffset() > nextOffset;
    }

    /** Up to {@code max} synced entries from the cursor on; empty when caught up. */
    public List<OutboxEntry> read(int max) {
        long limit = outbox.durableOffset();
        List<OutboxEntry> entries = new ArrayList<>();
        try {
            while (entries.size() < max && nextOffset < limit) {
                if (channel == null) {
                    openSegmentFor(nextOffset);
                }
                EntryFormat.Read read = EntryFormat.read(channel, position, channel.size());
                if (read instanceof EntryFormat.Read.Entry found) {
                    position = found.nextPosition();
                    if (found.entry().offset() >= nextOffset) {
                        entries.add(found.entry());
                        nextOffset = found.entry().offset() + 1;
                    }
                } else if (read instanceof EntryFormat.Read.End) {
                    // The segment is finished; the next offset lives in the next segment.
                    closeChannel();
                } else {
                    throw new OutboxCorruptedException("synced entry " + nextOffset + " unreadable: "
                            + ((EntryFormat.Read.Torn) read).why());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the outbox at offset " + nextOffset, e);
        }
        return entries;
    }

    private void openSegmentFor(long offset) throws IOException {
        Segment segment = outbox.segmentFor(offset);
        channel = FileChannel.open(segment.path(), StandardOpenOption.READ);
        position = EntryFormat.SEGMENT_HEADER_BYTES;
    }

    private void closeChannel() throws IOException {
        channel.close();
        channel = null;
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                closeChannel();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
