package io.fleetcompat.agent.xen;

import java.util.Locale;

/** EVTCHNSTAT_* codes reported by EVTCHNOP_status (§2.3). */
public enum EvtchnStatus {
    CLOSED, UNBOUND, INTERDOMAIN, PIRQ, VIRQ, IPI;

    public int code() {
        return ordinal();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
