package io.fleetcompat.agent.host;

import io.fleetcompat.agent.xen.CreateFlagLayout;

import java.util.List;

/** Create flags as the Avro CreateFlags: Xen's names in bit order and the raw word under the host's profile. */
public record FlagSet(List<String> names, long bitmask) {

    public FlagSet {
        names = List.copyOf(names);
    }

    public static FlagSet of(CreateFlagLayout layout, int flags) {
        return new FlagSet(layout.names(flags), Integer.toUnsignedLong(flags));
    }

    public boolean has(String xenName) {
        return names.contains(xenName);
    }
}
