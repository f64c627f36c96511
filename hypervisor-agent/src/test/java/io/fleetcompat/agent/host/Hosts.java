package io.fleetcompat.agent.host;

import io.fleetcompat.agent.guest.KernelProfile;
import io.fleetcompat.agent.xen.HostConfig;
import io.fleetcompat.agent.xen.XenProfile;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Test fixtures: toolstacks on a fixed clock, and the guests of the spec's scenarios. */
final class Hosts {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final String GUEST = "7d0c7a52-0000-4000-8000-000000000001";

    private Hosts() {
    }

    static HostToolstack host(String hostId, XenProfile profile, PolicyLookup policies, HostEventListener listener) {
        return host(hostId, HostConfig.of(profile), policies, listener, ToolstackOptions.DEFAULTS);
    }

    static HostToolstack host(String hostId, HostConfig config, PolicyLookup policies, HostEventListener listener,
                              ToolstackOptions options) {
        return new HostToolstack(hostId, config, policies, listener, CLOCK, options);
    }

    /** A FIFO-aware Linux 5.10 guest with two vCPUs. */
    static GuestSpec linux() {
        return GuestSpec.hvm(GUEST, KernelProfile.LINUX_5_10, 2);
    }
}
