package io.fleetcompat.agent.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of segments and entries (big-endian):
 * <pre>
 * segment header: int magic "FCOB", short format version 1, long base offset
 * entry:          int length of the body, int CRC-32C of the body, body:
 *                 long offset, long sequence, short+UTF-8 host id, short+UTF-8 topic,
 *                 int+bytes key (-1 = null), int+bytes value
 * </pre>
 * A body that runs past the end of the file, has an impossible length or a wrong CRC is a torn write.
 */
final class EntryFormat {

    static final int MAGIC = 0x46434F42;
    static final short VERSION = 1;
    static final int SEGMENT_HEADER_BYTES = 4 + 2 + 8;
    static final int ENTRY_HEADER_BYTES = 4 + 4;

    /** Outcome of reading at one position. */
    sealed interface Read {
        record Entry(OutboxEntry entry, long nextPosition) implements Read {
        }

        /** Clean end of the file. */
        record End() implements Read {
        }

        record Torn(String why) implements Read {
        }
    }

    private EntryFormat() {
    }

    static ByteBuffer segmentHeader(long baseOffset) {
        return ByteBuffer.allocate(SEGMENT_HEADER_BYTES).putInt(MAGIC).putShort(VERSION).putLong(baseOffset).flip();
    }

    /** The base offset in a segment header, or an exception naming what is wrong. */
    static long readSegmentHeader(FileChannel channel, String name) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        readFully(channel, header, 0);
        if (header.hasRemaining()) {
            throw new OutboxCorruptedException(name + ": segment header is incomplete");
        }
        header.flip();
        int magic = header.getInt();
        short version = header.getShort();
        if (magic != MAGIC || version != VERSION) {
            throw new OutboxCorruptedException(name + ": not an outbox segment of format " + VERSION);
        }
        return header.getLong();
    }

    static ByteBuffer encode(OutboxEntry entry) {
        return encode(entry, null);
    }

    /**
     * The entry's bytes, in {@code reuse} when it is large enough (cleared first), else in a new direct buffer
     * of at least twice the size: the appender keeps one buffer for every append, so an entry costs no heap
     * buffer and no copy into the kernel's direct one.
     */
    static ByteBuffer encode(OutboxEntry entry, ByteBuffer reuse) {
        byte[] host = entry.hostId().getBytes(StandardCharsets.UTF_8);
        byte[] topic = entry.topic().getBytes(StandardCharsets.UTF_8);
        byte[] key = entry.key() == null ? null : entry.key().getBytes(StandardCharsets.UTF_8);
        int bodyLength = 8 + 8 + 2 + host.length + 2 + topic.length + 4 + (key == null ? 0 : key.length)
                + 4 + entry.value().length;
        int size = ENTRY_HEADER_BYTES + bodyLength;
        ByteBuffer buffer;
        if (reuse == null) {
            buffer = ByteBuffer.allocate(size);
        } else if (reuse.capacity() >= size) {
            buffer = reuse.clear();
        } else {
            buffer = ByteBuffer.allocateDirect(Math.max(size, reuse.capacity() * 2));
        }
        buffer.putInt(bodyLength).putInt(0);
        buffer.putLong(entry.offset()).putLong(entry.sequence());
        putShortBytes(buffer, host);
        putShortBytes(buffer, topic);
        if (key == null) {
            buffer.putInt(-1);
        } else {
            buffer.putInt(key.length).put(key);
        }
        buffer.putInt(entry.value().length).put(entry.value());
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(ENTRY_HEADER_BYTES).limit(size));
        buffer.putInt(4, (int) crc.getValue());
        return buffer.flip();
    }

    /** Reads the entry at {@code position} of a file of {@code size} bytes. */
    static Read read(FileChannel channel, long position, long size) throws IOException {
        if (position == size) {
            return new Read.End();
        }
        if (size - position < ENTRY_HEADER_BYTES) {
            return new Read.Torn("entry header cut short at " + position);
        }
        ByteBuffer header = ByteBuffer.allocate(ENTRY_HEADER_BYTES);
        readFully(channel, header, position);
        header.flip();
        int length = header.getInt();
        int expectedCrc = header.getInt();
        if (length <= 0 || length > size - position - ENTRY_HEADER_BYTES) {
            return new Read.Torn("entry at " + position + " has length " + length + " beyond the file");
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(channel, body, position + ENTRY_HEADER_BYTES);
        CRC32C crc = new CRC32C();
        crc.update(body.array(), 0, length);
        if ((int) crc.getValue() != expectedCrc) {
            return new Read.Torn("entry at " + position + " fails its CRC");
        }
        body.flip();
        try {
            long offset = body.getLong();
            long sequence = body.getLong();
            String hostId = getShortString(body);
            String topic = getShortString(body);
            String key = getKey(body);
            OutboxEntry entry = new OutboxEntry(offset, hostId, sequence, topic, key, getValue(body));
            return new Read.Entry(entry, position + ENTRY_HEADER_BYTES + length);
        } catch (RuntimeException e) {
            // A CRC-valid body that does not parse was written by a different format: not a torn write.
            throw new OutboxCorruptedException("entry at " + position + " does not parse: " + e);
        }
    }

    /** The first readable entry after a damaged one: where it starts and its offset. */
    record Resync(long position, long offset) {
    }

    /**
     * Looks past an unreadable entry at {@code damagedAt} for the next entry whose CRC holds and whose offset
     * follows {@code expectedOffset}: first where the damaged entry's own length says the next one starts, then
     * byte by byte (the length itself may be damaged). A CRC-32C that holds by chance on garbage that also carries
     * a plausible offset is not a practical risk. Empty when nothing readable follows: a torn tail.
     */
    static Optional<Resync> nextEntryAfter(FileChannel channel, long damagedAt, long size, long expectedOffset)
            throws IOException {
        long from = damagedAt + 1;
        if (size - from < ENTRY_HEADER_BYTES) {
            return Optional.empty();
        }
        ByteBuffer rest = ByteBuffer.allocate(Math.toIntExact(size - damagedAt));
        readFully(channel, rest, damagedAt);
        byte[] bytes = rest.array();
        int claimed = ByteBuffer.wrap(bytes, 0, ENTRY_HEADER_BYTES).getInt();
        if (claimed > 0 && claimed <= bytes.length - 2 * ENTRY_HEADER_BYTES) {
            OptionalLong offset = offsetIfValid(bytes, ENTRY_HEADER_BYTES + claimed, expectedOffset);
            if (offset.isPresent()) {
                return Optional.of(new Resync(damagedAt + ENTRY_HEADER_BYTES + claimed, offset.getAsLong()));
            }
        }
        for (int at = 1; at + ENTRY_HEADER_BYTES < bytes.length; at++) {
            OptionalLong offset = offsetIfValid(bytes, at, expectedOffset);
            if (offset.isPresent()) {
                return Optional.of(new Resync(damagedAt + at, offset.getAsLong()));
            }
        }
        return Optional.empty();
    }

    /** The offset of a whole, CRC-valid entry at {@code at} whose offset lies beyond {@code expectedOffset}. */
    private static OptionalLong offsetIfValid(byte[] bytes, int at, long expectedOffset) {
        if (bytes.length - at < ENTRY_HEADER_BYTES + 16) {
            return OptionalLong.empty();
        }
        ByteBuffer view = ByteBuffer.wrap(bytes);
        int length = view.getInt(at);
        if (length < 16 || length > bytes.length - at - ENTRY_HEADER_BYTES) {
            return OptionalLong.empty();
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, at + ENTRY_HEADER_BYTES, length);
        if ((int) crc.getValue() != view.getInt(at + 4)) {
            return OptionalLong.empty();
        }
        long offset = view.getLong(at + ENTRY_HEADER_BYTES);
        // Each entry takes more than one byte, so the region cannot hide more offsets than it has bytes.
        return offset > expectedOffset && offset - expectedOffset <= at
                ? OptionalLong.of(offset) : OptionalLong.empty();
    }

    /**
     * What the bytes of a damaged entry seem to say, read without their CRC; null when they do not parse or do not
     * even carry the offset the entry must have.
     */
    static OutboxEntry readUnverified(byte[] region, long expectedOffset) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(region);
            buffer.getInt();
            buffer.getInt();
            long offset = buffer.getLong();
            long sequence = buffer.getLong();
            String hostId = getShortString(buffer);
            String topic = getShortString(buffer);
            String key = getKey(buffer);
            boolean plausible = offset == expectedOffset && sequence > 0 && !hostId.isBlank() && !topic.isBlank();
            return plausible ? new OutboxEntry(offset, hostId, sequence, topic, key, new byte[0]) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void putShortBytes(ByteBuffer buffer, byte[] bytes) {
        if (bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string of " + bytes.length + " bytes is too long for the outbox");
        }
        buffer.putShort((short) bytes.length).put(bytes);
    }

    private static String getShortString(ByteBuffer body) {
        byte[] bytes = new byte[body.getShort()];
        body.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String getKey(ByteBuffer body) {
        int length = body.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        body.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] getValue(ByteBuffer body) {
        byte[] bytes = new byte[body.getInt()];
        body.get(bytes);
        return bytes;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                return;
            }
            at += n;
        }
    }
}
