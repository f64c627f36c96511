package io.fleetcompat.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final byte[] KEY = SampleRecords.GUEST.getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldKeepTheOriginalBytesAndTheDecodingReason() {
        byte[] value = SingleObjectCodec.standard().encode(SampleRecords.guestBooted());
        ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(42L);
        EventDecodingException error = decodeFailure(value);

        DeadLetter letter = DeadLetters.of("fleet.events", 4, 91_233L, KEY, value, error,
                "fleet-stream/guest-state-fold", CLOCK);

        assertThat(letter.getSourceTopic()).isEqualTo("fleet.events");
        assertThat(letter.getSourcePartition()).isEqualTo(4);
        assertThat(letter.getSourceOffset()).isEqualTo(91_233L);
        assertThat(letter.getKey()).isEqualTo(ByteBuffer.wrap(KEY));
        assertThat(letter.getValue()).isEqualTo(ByteBuffer.wrap(value));
        assertThat(letter.getErrorKind()).isEqualTo(DeadLetterErrorKind.UNKNOWN_FINGERPRINT);
        assertThat(letter.getWriterFingerprint()).isEqualTo(42L);
        assertThat(letter.getErrorMessage()).isEqualTo(error.getMessage());
        assertThat(letter.getExceptionClass()).isEqualTo(EventDecodingException.class.getName());
        assertThat(letter.getFailedAt()).isEqualTo(NOW);
        assertThat(letter.getSourceComponent()).isEqualTo("fleet-stream/guest-state-fold");
    }

    @Test
    void shouldFindTheDecodingReasonInsideAWrappingException() {
        EventDecodingException cause = decodeFailure(new byte[] {1, 2, 3});
        KafkaException wrapped = new KafkaException("Error deserializing key/value", cause);

        DeadLetter letter = DeadLetters.of("fleet.events", 0, 1L, KEY, new byte[] {1, 2, 3}, wrapped, "agent", CLOCK);

        assertThat(letter.getErrorKind()).isEqualTo(DeadLetterErrorKind.NOT_SINGLE_OBJECT);
        assertThat(letter.getWriterFingerprint()).isNull();
        assertThat(letter.getExceptionClass()).isEqualTo(KafkaException.class.getName());
    }

    @Test
    void shouldCallAnyOtherFailureAProcessingFailure() {
        byte[] value = SingleObjectCodec.standard().encode(SampleRecords.guestBooted());

        DeadLetter letter = DeadLetters.of("fleet.events", 1, 7L, null, value, new IllegalStateException(),
                "fleet-stream/detector", CLOCK);

        assertThat(letter.getErrorKind()).isEqualTo(DeadLetterErrorKind.PROCESSING_FAILED);
        assertThat(letter.getErrorMessage()).isEqualTo(IllegalStateException.class.getName());
        assertThat(letter.getKey()).isNull();
    }

    @Test
    void shouldNotShareTheCallersBuffers() {
        byte[] value = {(byte) 0xC3, 0x01, 9};
        DeadLetter letter = DeadLetters.of("fleet.events", 0, 0L, KEY, value, decodeFailure(value), "agent", CLOCK);

        value[2] = 0;

        assertThat(letter.getValue().get(2)).isEqualTo((byte) 9);
    }

    @Test
    void shouldTravelOnTheDeadLetterTopic() {
        byte[] value = {0x00, 0x01};
        DeadLetter letter = DeadLetters.of("fleet.hosts", 2, 3L, KEY, value, decodeFailure(value), "agent", CLOCK);

        byte[] bytes = Topics.DEAD_LETTERS.valueSerde().serializer().serialize(Topics.DEAD_LETTERS.name(), letter);

        assertThat(Topics.DEAD_LETTERS.valueSerde().deserializer().deserialize(Topics.DEAD_LETTERS.name(), bytes))
                .isEqualTo(letter);
    }

    private static EventDecodingException decodeFailure(byte[] value) {
        return catchThrowableOfType(EventDecodingException.class,
                () -> Topics.EVENTS.valueSerde().deserializer().deserialize("fleet.events", value));
    }
}
