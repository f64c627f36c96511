package io.fleetcompat.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.XenProfile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * Data written by an older release must decode into today's classes. The older schema here is
 * test-made (src/test/resources/avro-history-old/DomainCreated/v0.avsc): DomainCreated before
 * header.host_fifo_built_in and policy_key existed, both of which now have defaults.
 */
class OldVersionDecodeTest {

    private final Schema v0 = readSchema("avro-history-old/DomainCreated/v0.avsc");

    @Test
    void shouldDecodeDomainCreatedWrittenWithV0IntoTheCurrentClassUsingDefaults() throws IOException {
        // Given a v0 writer on a legacy host (so its FIFO build switch would have been false)
        DomainCreated today = DomainCreated.newBuilder(SampleRecords.domainCreated())
                .setHeader(SampleRecords.header(SampleRecords.OLD_HOST, 3, XenProfile.LEGACY_2L))
                .build();
        byte[] v0Bytes = encodeAsV0(today);
        SingleObjectCodec codec = new SingleObjectCodec(SchemaHistory.bundled().with(0, v0), RecordTypes.ALL);

        // When a current reader decodes it
        DomainCreated decoded = (DomainCreated) codec.decode(v0Bytes);

        // Then the fields v0 knew survive and the new ones take their defaults
        assertThat(decoded.getInstanceId()).isEqualTo(today.getInstanceId());
        assertThat(decoded.getGrantedFlags()).isEqualTo(today.getGrantedFlags());
        assertThat(decoded.getPolicyVersion()).isEqualTo(3L);
        assertThat(decoded.getPolicyKey()).isNull();
        EventHeader header = decoded.getHeader();
        assertThat(header.getSequence()).isEqualTo(3);
        assertThat(header.getHostFifoBuiltIn()).isTrue();
    }

    @Test
    void shouldNotDecodeV0WithoutItsSchemaInTheHistory() throws IOException {
        byte[] v0Bytes = encodeAsV0(SampleRecords.domainCreated());

        EventDecodingException e = catchThrowableOfType(EventDecodingException.class,
                () -> SingleObjectCodec.standard().decode(v0Bytes));

        assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.UNKNOWN_FINGERPRINT);
        assertThat(e.writerFingerprint()).hasValue(SingleObjectHeader.fingerprintOf(v0));
    }

    @Test
    void shouldKeepV0FullyCompatibleWithTheCurrentSchema() {
        Schema current = DomainCreated.getClassSchema();

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, v0).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v0, current).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    /** Projects a current record onto v0 and writes it the way a v0 producer did, with Avro's own encoder. */
    private byte[] encodeAsV0(DomainCreated record) throws IOException {
        byte[] current = SingleObjectCodec.standard().encode(record);
        GenericRecord asV0 = new GenericDatumReader<GenericRecord>(DomainCreated.getClassSchema(), v0).read(null,
                DecoderFactory.get().binaryDecoder(current, SingleObjectHeader.LENGTH,
                        current.length - SingleObjectHeader.LENGTH, null));
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(asV0);
        return Arrays.copyOfRange(encoded.array(), encoded.arrayOffset() + encoded.position(),
                encoded.arrayOffset() + encoded.limit());
    }

    private static Schema readSchema(String resource) {
        try (InputStream in = OldVersionDecodeTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + resource, e);
        }
    }
}
