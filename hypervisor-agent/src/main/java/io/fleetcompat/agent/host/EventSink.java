package io.fleetcompat.agent.host;

/** Stamps records with the host and the time, and hands them to the listener. */
@FunctionalInterface
interface EventSink {

    /** Builds a record from the host identity and the event time in UTC milliseconds. */
    @FunctionalInterface
    interface Stamped {
        HostEvent build(HostIdentity host, long eventTimeMillis);
    }

    void emit(Stamped event);
}
