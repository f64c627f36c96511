package io.fleetcompat.stream.errors;

import io.fleetcompat.schema.DeadLetters;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Dead letters written by fleet-stream. Decoding failures keep the kind the codec found; records that decode
 * but make no sense (unknown host, sequence going backwards, impossible transition) are INVALID_CONTENT.
 * {@code failed_at} is the record's timestamp, so a replay writes the same dead letter again.
 */
public final class DeadLetterFactory {

    public static final String COMPONENT_DECODE = "fleet-stream/decode";
    public static final String COMPONENT_GUEST = "fleet-stream/guest-state-fold";
    public static final String COMPONENT_COMMANDS = "fleet-stream/command-router";
    public static final String COMPONENT_HOSTS = "fleet-stream/known-hosts";

    private DeadLetterFactory() {
    }

    public static DeadLetter undecodable(SourceBytes source, Throwable error, long recordTimestamp) {
        return undecodable(source, error, COMPONENT_DECODE, recordTimestamp);
    }

    public static DeadLetter undecodable(SourceBytes source, Throwable error, String component, long recordTimestamp) {
        return DeadLetters.of(source.topic(), source.partition(), source.offset(), source.key(), source.value(),
                error, component, clockAt(recordTimestamp));
    }

    public static DeadLetter invalid(SourceBytes source, String reason, String component, long recordTimestamp) {
        DeadLetter letter = DeadLetters.of(source.topic(), source.partition(), source.offset(), source.key(),
                source.value(), new InvalidEventException(reason), component, clockAt(recordTimestamp));
        letter.setErrorKind(DeadLetterErrorKind.INVALID_CONTENT);
        return letter;
    }

    /** A record that made processor {@code processorNodeId} throw: the exception is the reason. */
    public static DeadLetter processingFailed(SourceBytes source, Exception error, String processorNodeId,
                                              long recordTimestamp) {
        DeadLetter letter = DeadLetters.of(source.topic(), source.partition(), source.offset(), source.key(),
                source.value(), error, "fleet-stream/" + processorNodeId, clockAt(recordTimestamp));
        letter.setErrorKind(DeadLetterErrorKind.PROCESSING_FAILED);
        letter.setErrorMessage(processorNodeId + " threw " + error);
        return letter;
    }

    private static Clock clockAt(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(Math.max(0, millis)), ZoneOffset.UTC);
    }

    /** The reason a decodable record was refused; only ever carried inside a dead letter. */
    public static final class InvalidEventException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidEventException(String reason) {
            super(reason, null, false, false);
        }
    }
}
