package io.fleetcompat.stream.errors;

import io.fleetcompat.schema.avro.DeadLetter;

/**
 * A dead letter that could not be written: the record it stands for must not be passed over as if it were, so
 * whoever handles the record fails instead (and meets the record again after its thread or instance restarts).
 */
public final class DeadLetterNotWrittenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeadLetterNotWrittenException(DeadLetter letter, Throwable cause) {
        super("dead letter for " + letter.getSourceTopic() + "-" + letter.getSourcePartition() + "@"
                + letter.getSourceOffset() + " (" + letter.getErrorMessage() + ") could not be written: " + cause, cause);
    }
}
