package io.fleetcompat.agent.events;

import io.fleetcompat.schema.avro.EventHeader;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/** Stamps the common header on a host's events; the sequence comes from the outbox at append. */
public final class EventHeaderFactory {

    private final HostIdentity host;
    private final String agentVersion;
    private final Clock clock;
    /**
     * Event ids are random (version 4) UUIDs from a generator with 192 bits of state seeded once from the
     * system's secure source: as unique as SecureRandom's, without a system call per event.
     */
    private final RandomGenerator ids;

    public EventHeaderFactory(HostIdentity host, String agentVersion, Clock clock) {
        this.host = host;
        this.agentVersion = agentVersion;
        this.clock = clock;
        this.ids = RandomGeneratorFactory.of("L64X128MixRandom").create(new SecureRandom().generateSeed(24));
    }

    /** A header stamped with the factory's clock. */
    public EventHeader header(long sequence) {
        return header(sequence, clock.instant());
    }

    /** A header for an event that happened at {@code eventTime}. */
    public EventHeader header(long sequence, Instant eventTime) {
        // The all-args constructor in the schema's field order: the builder's per-field checks and default
        // copies cost more than the record, and every field is set here.
        return new EventHeader(eventId(), host.hostId(), sequence, eventTime, agentVersion, host.xenProfile(),
                host.fifoBuiltIn());
    }

    private synchronized String eventId() {
        long high = (ids.nextLong() & ~0xF000L) | 0x4000L;
        long low = (ids.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | Long.MIN_VALUE;
        return new UUID(high, low).toString();
    }

    public HostIdentity host() {
        return host;
    }
}
