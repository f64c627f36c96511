package io.fleetcompat.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetcompat.schema.EventDecodingException.Reason;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.DomainDestroyed;
import io.fleetcompat.schema.avro.HypercallResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DecodingErrorsTest {

    private final Deserializer<SpecificRecord> events = Topics.EVENTS.valueSerde().deserializer();
    private final byte[] valid = SingleObjectCodec.standard().encode(SampleRecords.domainDestroyed());

    @Test
    void shouldReportAnUnknownFingerprintWithTheFingerprint() {
        byte[] bytes = valid.clone();
        ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x0123456789abcdefL);

        EventDecodingException e = decodeFailure(bytes);

        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_FINGERPRINT);
        assertThat(e.writerFingerprint()).hasValue(0x0123456789abcdefL);
        assertThat(e.getMessage()).contains("0x0123456789abcdef");
    }

    static IntStream truncatedLengths() {
        int full = SingleObjectCodec.standard().encode(SampleRecords.domainDestroyed()).length;
        return IntStream.of(SingleObjectHeader.LENGTH, SingleObjectHeader.LENGTH + 1, full / 2, full - 1);
    }

    @ParameterizedTest(name = "cut to {0} bytes")
    @MethodSource("truncatedLengths")
    void shouldReportATruncatedBodyAsMalformed(int length) {
        EventDecodingException e = decodeFailure(Arrays.copyOf(valid, length));

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_BODY);
        assertThat(e.writerFingerprint()).hasValue(fingerprintOf(DomainDestroyed.getClassSchema()));
    }

    @ParameterizedTest(name = "{0} bytes")
    @MethodSource("shortLengths")
    void shouldReportInputShorterThanTheHeaderAsNotSingleObject(int length) {
        EventDecodingException e = decodeFailure(Arrays.copyOf(valid, length));

        assertThat(e.reason()).isEqualTo(Reason.NOT_SINGLE_OBJECT);
        assertThat(e.writerFingerprint()).isEmpty();
    }

    static IntStream shortLengths() {
        return IntStream.of(0, 1, 2, SingleObjectHeader.LENGTH - 1);
    }

    /** Avro's varint of the zig-zag encoded 2^30: a length or count no 1 KiB message can hold. */
    private static final byte[] FORGED_2_POW_30 = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};

    @Test
    void shouldReportAForgedStringLengthAsMalformedWithoutAllocatingIt() {
        // The body starts with the header's event_id: its length (36, varint 0x48) becomes 2^30 bytes.
        assertThat(valid[SingleObjectHeader.LENGTH]).isEqualTo((byte) 0x48);
        byte[] forged = replaceAt(valid, SingleObjectHeader.LENGTH, 1, FORGED_2_POW_30);

        EventDecodingException e = decodeFailure(forged);

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_BODY);
        assertThat(e.getMessage()).contains("string of 1073741824 bytes claimed");
    }

    @Test
    void shouldReportAForgedMapCountAsMalformedWithoutAllocatingIt() {
        // Where an empty arguments map (one 0 byte) and a one-entry map differ is the map's block count.
        HypercallResult empty = SampleRecords.hypercallResult();
        empty.setArguments(Map.of());
        HypercallResult one = SampleRecords.hypercallResult();
        one.setArguments(Map.of("port", 5L));
        byte[] emptyBytes = SingleObjectCodec.standard().encode(empty);
        byte[] oneBytes = SingleObjectCodec.standard().encode(one);
        int count = IntStream.range(0, emptyBytes.length).filter(i -> emptyBytes[i] != oneBytes[i]).findFirst()
                .orElseThrow();
        assertThat(emptyBytes[count]).isZero();

        EventDecodingException e = decodeFailure(replaceAt(emptyBytes, count, 1, FORGED_2_POW_30));

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_BODY);
    }

    @Test
    void shouldReportAForgedArrayCountAsMalformedWithoutAllocatingIt() {
        // The flag names array of the requested flags: its block count becomes 2^30 items.
        DomainCreated created = SampleRecords.domainCreated();
        byte[] bytes = SingleObjectCodec.standard().encode(created);
        DomainCreated fewer = SampleRecords.domainCreated();
        fewer.getRequestedFlags().setNames(List.of());
        byte[] fewerBytes = SingleObjectCodec.standard().encode(fewer);
        int count = IntStream.range(0, fewerBytes.length).filter(i -> bytes[i] != fewerBytes[i]).findFirst()
                .orElseThrow();

        EventDecodingException e = decodeFailure(replaceAt(fewerBytes, count, 1, FORGED_2_POW_30));

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_BODY);
        assertThat(e.getMessage()).contains("array block of 1073741824 entries claimed");
    }

    @Test
    void shouldReportAHugeMapThatFitsItsMessageAsMalformed() {
        HypercallResult huge = SampleRecords.hypercallResult();
        Map<String, Long> arguments = new java.util.HashMap<>();
        for (int i = 0; i <= BoundedDecoder.MAX_ENTRIES; i++) {
            arguments.put(Integer.toString(i, 36), 0L);
        }
        huge.setArguments(arguments);

        EventDecodingException e = decodeFailure(SingleObjectCodec.standard().encode(huge));

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_BODY);
        assertThat(e.getMessage()).contains("more than 65536 array items and map entries");
    }

    private static byte[] replaceAt(byte[] bytes, int at, int removed, byte[] inserted) {
        byte[] out = new byte[bytes.length - removed + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at + removed, out, at + inserted.length, bytes.length - at - removed);
        return out;
    }

    @Test
    void shouldReportAWrongMarkerAsNotSingleObject() {
        byte[] bytes = valid.clone();
        bytes[1] = 0x02;

        EventDecodingException e = decodeFailure(bytes);

        assertThat(e.reason()).isEqualTo(Reason.NOT_SINGLE_OBJECT);
        assertThat(e.getMessage()).contains("C3 02");
    }

    @Test
    void shouldReportPlainJsonAsNotSingleObject() {
        EventDecodingException e = decodeFailure("{\"instance_id\": \"x\"}".getBytes());

        assertThat(e.reason()).isEqualTo(Reason.NOT_SINGLE_OBJECT);
    }

    @Test
    void shouldReportTrailingBytesAsMalformed() {
        byte[] bytes = Arrays.copyOf(valid, valid.length + 3);

        EventDecodingException e = decodeFailure(bytes);

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_BODY);
        assertThat(e.getMessage()).contains("bytes left");
    }

    @Test
    void shouldReportABodyThatIsNotAvroAsMalformed() {
        byte[] bytes = Arrays.copyOf(valid, SingleObjectHeader.LENGTH + 12);
        Arrays.fill(bytes, SingleObjectHeader.LENGTH, bytes.length, (byte) 0xFF);

        EventDecodingException e = decodeFailure(bytes);

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_BODY);
    }

    @Test
    void shouldReportAnEnumIndexOutsideTheWriterSymbolsAsMalformed() {
        // DomainDestroyed ends with its reason enum: one zig-zag varint byte holding the symbol index.
        byte[] bytes = valid.clone();
        bytes[bytes.length - 1] = (byte) (2 * 60);

        EventDecodingException e = decodeFailure(bytes);

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_BODY);
    }

    @Test
    void shouldReportAKnownWriterTheCurrentSchemaCannotReadAsIncompatible() {
        // A DomainDestroyed writer without "reason": the current reader has no default for it.
        Schema current = DomainDestroyed.getClassSchema();
        List<Schema.Field> fields = current.getFields().stream()
                .filter(f -> !f.name().equals("reason"))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        Schema withoutReason = Schema.createRecord(
                current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        SingleObjectCodec codec = new SingleObjectCodec(
                SchemaHistory.bundled().with(0, withoutReason), RecordTypes.ALL);
        byte[] bytes = SingleObjectHeader.encode(fingerprintOf(withoutReason));

        EventDecodingException e = catchThrowableOfType(EventDecodingException.class, () -> codec.decode(bytes));

        assertThat(e.reason()).isEqualTo(Reason.INCOMPATIBLE_SCHEMA);
        assertThat(e.getMessage()).contains("DomainDestroyed v0", "reason");
    }

    @Test
    void shouldReportNullBytesGivenToTheCodecAsNotSingleObject() {
        EventDecodingException e = catchThrowableOfType(EventDecodingException.class,
                () -> SingleObjectCodec.standard().decode(null));

        assertThat(e.reason()).isEqualTo(Reason.NOT_SINGLE_OBJECT);
    }

    private EventDecodingException decodeFailure(byte[] bytes) {
        EventDecodingException e = catchThrowableOfType(EventDecodingException.class,
                () -> events.deserialize(Topics.EVENTS.name(), bytes));
        assertThat(e).as("decoding %d bytes must fail with EventDecodingException", bytes.length).isNotNull();
        return e;
    }

    private static long fingerprintOf(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }
}
