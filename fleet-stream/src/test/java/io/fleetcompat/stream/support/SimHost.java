package io.fleetcompat.stream.support;

import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.XenProfile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A simulated agent: a host id, its Xen profile and its per-host sequence counter. */
public final class SimHost {

    private final String hostId;
    private final XenProfile profile;
    private final boolean fifoBuiltIn;
    private final Clock clock;
    private long sequence;

    public SimHost(String hostId, XenProfile profile, boolean fifoBuiltIn, Clock clock) {
        this.hostId = hostId;
        this.profile = profile;
        this.fifoBuiltIn = fifoBuiltIn;
        this.clock = clock;
    }

    /** Shared event-time clock of a scenario, in milliseconds; every header advances it by one second. */
    public static final class Clock {
        private long now;

        public Clock(long start) {
            this.now = start;
        }

        public long tick() {
            now += 1000;
            return now;
        }

        public long now() {
            return now;
        }

        public void advance(long millis) {
            now += millis;
        }
    }

    public String id() {
        return hostId;
    }

    public XenProfile profile() {
        return profile;
    }

    /** The next header: sequence + 1, a fresh event id derived from (host, sequence). */
    public EventHeader next() {
        sequence++;
        return header(sequence, eventIdOf(hostId, sequence));
    }

    public EventHeader header(long seq, String eventId) {
        return EventHeader.newBuilder()
                .setEventId(eventId)
                .setHostId(hostId)
                .setSequence(seq)
                .setEventTime(Instant.ofEpochMilli(clock.tick()))
                .setAgentVersion("test")
                .setXenProfile(profile)
                .setHostFifoBuiltIn(fifoBuiltIn)
                .build();
    }

    public static String eventIdOf(String hostId, long seq) {
        return UUID.nameUUIDFromBytes((hostId + "/" + seq).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public HostStatus status() {
        return HostStatus.newBuilder()
                .setHeader(next())
                .setDomainsRunning(0)
                .setRunningInstanceIds(List.of())
                .setOutboxDepth(0)
                .setAgentStartedAt(Instant.ofEpochMilli(clock.now()))
                .build();
    }
}
