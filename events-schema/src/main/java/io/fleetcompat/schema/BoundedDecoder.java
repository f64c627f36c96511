package io.fleetcompat.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A binary decoder for one message that never allocates more than the message holds. Avro's own decoder
 * allocates a string or bytes value at the length the data claims (up to 2 GiB) before it finds the data
 * short, so a forged length of a few bytes' worth could end a consumer with OutOfMemoryError; here such a
 * length is an IOException, which the codec turns into a typed MALFORMED_BODY error. Strings and bytes are
 * read with the binary encoding's own layout (zig-zag long length, then the bytes). Array and map block counts
 * are bounded the same way (Avro allocates an array's backing store at the count it reads; every item of our
 * schemas takes at least one byte), and a message holds at most {@link #MAX_ENTRIES} items and entries in all: no
 * record of the catalogue needs more (Xen has fewer domain ids), and a huge map is a dead letter, not a state.
 */
final class BoundedDecoder extends Decoder {

    /** Array items and map entries one message may hold, over all its collections. */
    static final long MAX_ENTRIES = 65_536;

    private final BinaryDecoder in;
    private final int messageBytes;
    private long entries;

    BoundedDecoder(BinaryDecoder in, int messageBytes) {
        this.in = in;
        this.messageBytes = messageBytes;
    }

    boolean isEnd() throws IOException {
        return in.isEnd();
    }

    private long checkedCount(long count, String what) throws IOException {
        if (count < 0 || count > messageBytes) {
            throw new IOException(what + " block of " + count + " entries claimed in a message of " + messageBytes
                    + " bytes");
        }
        entries += count;
        if (entries > MAX_ENTRIES) {
            throw new IOException("more than " + MAX_ENTRIES + " array items and map entries in one message");
        }
        return count;
    }

    private int checkedLength(String what) throws IOException {
        long length = in.readLong();
        if (length < 0 || length > messageBytes) {
            throw new IOException(what + " of " + length + " bytes claimed in a message of " + messageBytes + " bytes");
        }
        return (int) length;
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = checkedLength("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        in.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = checkedLength("bytes value");
        ByteBuffer result = old != null && old.capacity() >= length ? old.clear() : ByteBuffer.allocate(length);
        in.readFixed(result.array(), result.arrayOffset(), length);
        result.limit(length);
        return result;
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public void skipString() throws IOException {
        in.skipString();
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return checkedCount(in.readArrayStart(), "array");
    }

    @Override
    public long arrayNext() throws IOException {
        return checkedCount(in.arrayNext(), "array");
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long readMapStart() throws IOException {
        return checkedCount(in.readMapStart(), "map");
    }

    @Override
    public long mapNext() throws IOException {
        return checkedCount(in.mapNext(), "map");
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
