package io.fleetcompat.rules.guest;

/** What to do with a decoded event before folding it. */
public sealed interface Validation {

    /** Fold it. */
    record Accept() implements Validation {
    }

    /** The same (host, sequence, event id) again after an outbox replay: drop silently, count it. */
    record Duplicate() implements Validation {
    }

    /** Invalid: dead-letter it with the reason. */
    record Reject(String reason) implements Validation {
    }

    Validation ACCEPT = new Accept();
    Validation DUPLICATE = new Duplicate();
}
