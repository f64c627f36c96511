package io.fleetcompat.agent.host;

/**
 * Receives every record a {@link HostToolstack} emits, synchronously and in order. The event layer turns them
 * into Avro records and appends them to the outbox; the simulator counts them.
 */
@FunctionalInterface
public interface HostEventListener {

    HostEventListener NONE = event -> { };

    void onEvent(HostEvent event);
}
