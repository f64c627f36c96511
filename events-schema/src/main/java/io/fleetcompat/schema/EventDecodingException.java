package io.fleetcompat.schema;

import java.util.OptionalLong;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The one exception a fleetcompat deserializer throws for bytes it cannot turn into a record. It extends
 * Kafka's {@link SerializationException} so Kafka's deserialization handlers see it, and carries a
 * {@link Reason} so a caller can dead-letter the record with the right error kind.
 */
public final class EventDecodingException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** Why decoding failed. */
    public enum Reason {
        /** Shorter than the 10-byte header, or not starting with the C3 01 marker. */
        NOT_SINGLE_OBJECT,
        /** The writer-schema fingerprint is in no history file this process knows. */
        UNKNOWN_FINGERPRINT,
        /** The writer schema is known but the current reader schema cannot read it. */
        INCOMPATIBLE_SCHEMA,
        /** The body is truncated, has trailing bytes or does not decode with the writer schema. */
        MALFORMED_BODY,
        /** A valid record of a type the caller does not accept. */
        UNEXPECTED_TYPE
    }

    private final Reason reason;
    private final Long writerFingerprint;

    public EventDecodingException(Reason reason, Long writerFingerprint, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.writerFingerprint = writerFingerprint;
    }

    public EventDecodingException(Reason reason, Long writerFingerprint, String message) {
        this(reason, writerFingerprint, message, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The fingerprint read from the header, when the bytes had a header. */
    public OptionalLong writerFingerprint() {
        return writerFingerprint == null ? OptionalLong.empty() : OptionalLong.of(writerFingerprint);
    }
}
