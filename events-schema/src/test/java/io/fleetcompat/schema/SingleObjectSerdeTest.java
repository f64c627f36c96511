package io.fleetcompat.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.HostStatus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SingleObjectSerdeTest {

    static Stream<SpecificRecord> samples() {
        return SampleRecords.all().stream();
    }

    @Test
    void shouldHaveASampleOfEveryWireType() {
        assertThat(SampleRecords.all()).map(SpecificRecord::getClass)
                .containsExactlyInAnyOrderElementsOf(RecordTypes.ALL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void shouldRoundTripEveryWireTypeThroughItsTypedSerde(SpecificRecord sample) {
        Serde serde = AvroSerdes.forType(sample.getClass());

        byte[] bytes = serde.serializer().serialize("any-topic", sample);
        Object decoded = serde.deserializer().deserialize("any-topic", bytes);

        assertThat(decoded).isInstanceOf(sample.getClass()).isEqualTo(sample);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void shouldWriteTheMarkerAndTheLittleEndianFingerprintOfTheWriterSchema(SpecificRecord sample) {
        byte[] bytes = SingleObjectCodec.standard().encode(sample);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(sample.getSchema()));
    }

    @Test
    void shouldWriteTheSameBytesAsAvrosOwnSingleObjectEncoder() throws Exception {
        DomainCreated sample = SampleRecords.domainCreated();

        ByteBuffer avros = sample.toByteBuffer();
        byte[] expected = Arrays.copyOfRange(avros.array(), avros.arrayOffset() + avros.position(),
                avros.arrayOffset() + avros.limit());

        assertThat(SingleObjectCodec.standard().encode(sample)).isEqualTo(expected);
    }

    @Test
    void shouldCarryEveryEventTypeOnFleetEventsThroughOneSerde() {
        Serde<SpecificRecord> serde = Topics.EVENTS.valueSerde();

        Stream<SpecificRecord> events = samples().filter(s -> RecordTypes.FLEET_EVENTS.contains(s.getClass()));

        assertThat(events).hasSize(RecordTypes.FLEET_EVENTS.size()).allSatisfy(event -> {
            byte[] bytes = serde.serializer().serialize(Topics.EVENTS.name(), event);
            assertThat(serde.deserializer().deserialize(Topics.EVENTS.name(), bytes)).isEqualTo(event);
        });
    }

    @Test
    void shouldRejectAValidRecordOfAnotherTypeAsUnexpected() {
        byte[] domainCreated = SingleObjectCodec.standard().encode(SampleRecords.domainCreated());
        Serde<HostStatus> hostStatus = AvroSerdes.forType(HostStatus.class);

        assertThatThrownBy(() -> hostStatus.deserializer().deserialize(Topics.HOSTS.name(), domainCreated))
                .isInstanceOfSatisfying(EventDecodingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.UNEXPECTED_TYPE);
                    assertThat(e.getMessage()).contains("DomainCreated", "fleet.hosts", "HostStatus");
                });
    }

    @Test
    void shouldRejectAHostStatusOnFleetEvents() {
        byte[] hostStatus = SingleObjectCodec.standard().encode(SampleRecords.hostStatus());

        assertThatThrownBy(() -> Topics.EVENTS.valueSerde().deserializer().deserialize("fleet.events", hostStatus))
                .isInstanceOfSatisfying(EventDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.UNEXPECTED_TYPE));
    }

    @Test
    void shouldPassTombstonesThroughAsNull() {
        Serde<HostStatus> serde = AvroSerdes.forType(HostStatus.class);

        assertThat(serde.serializer().serialize(Topics.HOSTS.name(), null)).isNull();
        assertThat(serde.deserializer().deserialize(Topics.HOSTS.name(), null)).isNull();
    }

    @Test
    void shouldRefuseToSerializeARecordMissingARequiredField() {
        DomainCreated incomplete = new DomainCreated();

        assertThatThrownBy(() -> SingleObjectCodec.standard().encode(incomplete))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("DomainCreated");
    }
}
