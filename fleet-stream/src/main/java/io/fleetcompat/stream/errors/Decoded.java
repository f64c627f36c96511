package io.fleetcompat.stream.errors;

import io.fleetcompat.schema.avro.DeadLetter;

/**
 * A source record after the decode step: either the typed value with its original bytes and coordinates (so
 * a later validation can still dead-letter it byte for byte), or the dead letter that replaces it.
 */
public sealed interface Decoded<T> {

    record Ok<T>(T value, SourceBytes source) implements Decoded<T> {
    }

    record Failed<T>(DeadLetter deadLetter) implements Decoded<T> {
    }
}
