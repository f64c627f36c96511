package io.fleetcompat.schema;

import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import java.nio.ByteBuffer;
import java.time.Clock;

/** Builds the {@link DeadLetter} envelope for a record that could not be decoded or processed. */
public final class DeadLetters {

    private DeadLetters() {}

    public static DeadLetter of(String topic, int partition, long offset, byte[] key, byte[] value,
                                Throwable error, String component) {
        return of(topic, partition, offset, key, value, error, component, Clock.systemUTC());
    }

    /**
     * The error kind comes from the first {@link EventDecodingException} in the cause chain (Kafka wraps
     * deserializer failures), otherwise it is PROCESSING_FAILED.
     */
    public static DeadLetter of(String topic, int partition, long offset, byte[] key, byte[] value,
                                Throwable error, String component, Clock clock) {
        EventDecodingException decoding = findDecodingException(error);
        return DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key.clone()))
                .setValue(value == null ? null : ByteBuffer.wrap(value.clone()))
                .setErrorKind(decoding == null ? DeadLetterErrorKind.PROCESSING_FAILED : kindOf(decoding.reason()))
                .setErrorMessage(error.getMessage() == null ? error.getClass().getName() : error.getMessage())
                .setExceptionClass(error.getClass().getName())
                .setWriterFingerprint(decoding == null || decoding.writerFingerprint().isEmpty()
                        ? null : decoding.writerFingerprint().getAsLong())
                .setFailedAt(clock.instant())
                .setSourceComponent(component)
                .build();
    }

    static DeadLetterErrorKind kindOf(EventDecodingException.Reason reason) {
        return switch (reason) {
            case NOT_SINGLE_OBJECT -> DeadLetterErrorKind.NOT_SINGLE_OBJECT;
            case UNKNOWN_FINGERPRINT -> DeadLetterErrorKind.UNKNOWN_FINGERPRINT;
            case INCOMPATIBLE_SCHEMA -> DeadLetterErrorKind.INCOMPATIBLE_SCHEMA;
            case MALFORMED_BODY -> DeadLetterErrorKind.MALFORMED_BODY;
            case UNEXPECTED_TYPE -> DeadLetterErrorKind.UNEXPECTED_TYPE;
        };
    }

    private static EventDecodingException findDecodingException(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EventDecodingException decoding) {
                return decoding;
            }
        }
        return null;
    }
}
