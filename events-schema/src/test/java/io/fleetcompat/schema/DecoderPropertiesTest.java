package io.fleetcompat.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fleetcompat.schema.avro.HostStatus;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.avro.specific.SpecificRecord;

/**
 * The decoder every component reads the wire with, against bytes nobody should send: whatever they are (random,
 * a valid record cut short, bit-flipped, with bytes inserted or a forged length), it returns a record or throws
 * {@link EventDecodingException}, never anything else (no OutOfMemoryError from a forged length or count, no
 * Avro runtime exception): that is what lets each reader turn them into a dead letter. And valid records with any
 * field contents round-trip.
 */
class DecoderPropertiesTest {

    private static final SingleObjectCodec CODEC = SingleObjectCodec.standard();
    /** One record of every wire type. */
    private static final List<SpecificRecord> SAMPLES = SampleRecords.all();

    @Property(tries = 1000)
    void shouldDecodeAnyBytesOrSayWhyNot(@ForAll @Size(max = 512) byte[] bytes) {
        assertDecodesOrFailsTyped(bytes);
    }

    @Property(tries = 1000)
    void shouldDecodeAnyDamagedRecordOrSayWhyNot(@ForAll("damaged") byte[] bytes) {
        assertDecodesOrFailsTyped(bytes);
    }

    @Property(tries = 300)
    void shouldRoundTripAHostStatusWhateverItsStringsAndLists(@ForAll @Size(max = 40) String hostId,
            @ForAll @Size(max = 30) List<@Size(max = 20) String> running, @ForAll long depth) {
        HostStatus status = SampleRecords.hostStatus();
        status.getHeader().setHostId(hostId);
        status.setRunningInstanceIds(running);
        status.setOutboxDepth(depth);

        assertThat(CODEC.decode(CODEC.encode(status))).isEqualTo(status);
    }

    /** A sample record's bytes cut, flipped, extended or with a length prefix forged, at random places. */
    @Provide
    Arbitrary<byte[]> damaged() {
        Arbitrary<byte[]> valid = Arbitraries.of(SAMPLES).map(CODEC::encode);
        return valid.flatMap(bytes -> Arbitraries.oneOf(
                Arbitraries.integers().between(0, bytes.length - 1).map(n -> Arrays.copyOf(bytes, n)),
                Arbitraries.integers().between(0, bytes.length - 1).flatMap(at -> Arbitraries.bytes().map(b -> {
                    byte[] flipped = bytes.clone();
                    flipped[at] ^= (byte) (b == 0 ? 1 : b);
                    return flipped;
                })),
                Arbitraries.integers().between(10, bytes.length).flatMap(at -> Arbitraries.bytes().array(byte[].class)
                        .ofMaxSize(16).map(inserted -> insert(bytes, at, inserted))),
                Arbitraries.integers().between(10, bytes.length - 1).flatMap(at -> Arbitraries.longs()
                        .map(n -> insert(removeAt(bytes, at), at, zigZagVarint(n))))));
    }

    private static void assertDecodesOrFailsTyped(byte[] bytes) {
        Throwable failure = catchThrowable(() -> assertThat(CODEC.decode(bytes)).isNotNull());
        if (failure != null) {
            assertThat(failure).isInstanceOf(EventDecodingException.class);
            assertThat(((EventDecodingException) failure).reason()).isNotNull();
        }
    }

    private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
        byte[] out = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
        return out;
    }

    private static byte[] removeAt(byte[] bytes, int at) {
        byte[] out = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
        return out;
    }

    /** Avro's encoding of a long (zig-zag, then 7 bits a byte): a forged length or block count. */
    private static byte[] zigZagVarint(long value) {
        long n = (value << 1) ^ (value >> 63);
        byte[] out = new byte[10];
        int i = 0;
        while ((n & ~0x7FL) != 0) {
            out[i++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out[i++] = (byte) n;
        return Arrays.copyOf(out, i);
    }
}
