package io.fleetcompat.schema;

import io.fleetcompat.schema.EventDecodingException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The 10-byte header of Avro single-object encoding: marker {@code C3 01}, then the CRC-64-AVRO
 * fingerprint of the writer schema's Parsing Canonical Form as 8 little-endian bytes.
 */
final class SingleObjectHeader {

    static final byte MARKER_FIRST = (byte) 0xC3;
    static final byte MARKER_SECOND = (byte) 0x01;
    static final int LENGTH = 10;

    private SingleObjectHeader() {}

    static long fingerprintOf(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    static byte[] encode(long fingerprint) {
        return ByteBuffer.allocate(LENGTH)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(MARKER_FIRST)
                .put(MARKER_SECOND)
                .putLong(fingerprint)
                .array();
    }

    /** Checks the marker and returns the fingerprint. */
    static long readFingerprint(byte[] data) {
        if (data.length < LENGTH) {
            throw new EventDecodingException(Reason.NOT_SINGLE_OBJECT, null,
                    "Not Avro single-object encoded: " + data.length + " bytes, the header alone is " + LENGTH);
        }
        if (data[0] != MARKER_FIRST || data[1] != MARKER_SECOND) {
            throw new EventDecodingException(Reason.NOT_SINGLE_OBJECT, null,
                    String.format("Not Avro single-object encoded: starts with %02X %02X, expected C3 01",
                            data[0], data[1]));
        }
        return ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static String hex(long fingerprint) {
        return String.format("0x%016x", fingerprint);
    }
}
