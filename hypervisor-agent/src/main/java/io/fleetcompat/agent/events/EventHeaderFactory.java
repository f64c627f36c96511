package io.fleetcompat.agent.events;

import io.fleetcompat.schema.avro.EventHeader;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Stamps the common header on a host's events; the sequence comes from the outbox at append. */
public final class EventHeaderFactory {

    private final HostIdentity host;
    private final String agentVersion;
    private final Clock clock;

    public EventHeaderFactory(HostIdentity host, String agentVersion, Clock clock) {
        this.host = host;
        this.agentVersion = agentVersion;
        this.clock = clock;
    }

    /** A header stamped with the factory's clock. */
    public EventHeader header(long sequence) {
        return header(sequence, clock.instant());
    }

    /** A header for an event that happened at {@code eventTime}. */
    public EventHeader header(long sequence, Instant eventTime) {
        return EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setHostId(host.hostId())
                .setSequence(sequence)
                .setEventTime(eventTime)
                .setAgentVersion(agentVersion)
                .setXenProfile(host.xenProfile())
                .setHostFifoBuiltIn(host.fifoBuiltIn())
                .build();
    }

    public HostIdentity host() {
        return host;
    }
}
