package io.fleetcompat.stream.query;

import org.apache.kafka.streams.state.HostInfo;

/** A key lookup in a state store: found here, owned by another instance, absent, or not answerable yet. */
public sealed interface QueryOutcome<T> {

    record Found<T>(T value) implements QueryOutcome<T> {
    }

    record Elsewhere<T>(HostInfo host) implements QueryOutcome<T> {
    }

    record NotFound<T>() implements QueryOutcome<T> {
    }

    /** Streams is not RUNNING (starting, rebalancing, restoring state). */
    record NotReady<T>(String state) implements QueryOutcome<T> {
    }
}
