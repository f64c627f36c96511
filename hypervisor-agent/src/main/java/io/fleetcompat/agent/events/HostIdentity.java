package io.fleetcompat.agent.events;

import io.fleetcompat.schema.avro.XenProfile;
import java.util.Objects;

/**
 * Who emits: the host id (the duplicate-removal key with the sequence), the Xen profile it runs and
 * whether its Xen was built with FIFO event channels. One per host; many in simulate mode.
 */
public record HostIdentity(String hostId, XenProfile xenProfile, boolean fifoBuiltIn) {

    public HostIdentity {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(xenProfile, "xenProfile");
        if (hostId.isBlank()) {
            throw new IllegalArgumentException("host id must not be blank");
        }
        if (xenProfile == XenProfile.UNKNOWN) {
            throw new IllegalArgumentException("a host runs a known Xen profile, not UNKNOWN");
        }
    }
}
