package io.fleetcompat.agent.host;

import io.fleetcompat.agent.xen.HostConfig;
import io.fleetcompat.agent.xen.XenProfile;

/**
 * Who emitted an event: the fields of the Avro EventHeader that describe the host (id, Xen profile, FIFO build
 * switch). The event layer adds event id, sequence and agent version.
 */
public record HostIdentity(String hostId, XenProfile profile, boolean fifoBuiltIn) {

    public HostIdentity {
        if (hostId == null || hostId.isBlank()) {
            throw new IllegalArgumentException("host id is required");
        }
        if (profile == null) {
            throw new IllegalArgumentException("profile is required");
        }
    }

    public static HostIdentity of(String hostId, HostConfig config) {
        return new HostIdentity(hostId, config.profile(), config.fifoBuiltIn());
    }
}
