package io.fleetcompat.agent.bridge;

import io.fleetcompat.agent.events.HostIdentity;
import io.fleetcompat.schema.avro.XenProfile;

/**
 * The model's host identity and Xen profile as the wire's. The model enum and the Avro enum share their
 * symbol names (the Avro one adds UNKNOWN, which no modelled host runs), so the mapping is by name.
 */
public final class WireIdentities {

    private WireIdentities() {
    }

    public static XenProfile toWire(io.fleetcompat.agent.xen.XenProfile profile) {
        return XenProfile.valueOf(profile.name());
    }

    public static io.fleetcompat.agent.xen.XenProfile toModel(XenProfile profile) {
        return io.fleetcompat.agent.xen.XenProfile.valueOf(profile.name());
    }

    public static HostIdentity toWire(io.fleetcompat.agent.host.HostIdentity host) {
        return new HostIdentity(host.hostId(), toWire(host.profile()), host.fifoBuiltIn());
    }

    public static io.fleetcompat.agent.host.HostIdentity toModel(HostIdentity host) {
        return new io.fleetcompat.agent.host.HostIdentity(host.hostId(), toModel(host.xenProfile()),
                host.fifoBuiltIn());
    }
}
