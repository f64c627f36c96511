package io.fleetcompat.agent.xen;

import java.util.Locale;

/** Channel states with Xen's internal numbering (§0.3). */
public enum ChannelState {
    FREE, RESERVED, UNBOUND, INTERDOMAIN, PIRQ, VIRQ, IPI;

    /** The inspect spelling, e.g. "interdomain". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
