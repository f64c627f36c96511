package io.fleetcompat.agent.xen;

/** How a profile lets a domain's create flags control the FIFO ops (§1.3, §1.4). */
public enum FifoControlSense {
    /** No per-domain control: every domain may use FIFO where the host has it. */
    NONE,
    /** v4: bit 7 {@code disable_fifo} denies. */
    DENY,
    /** v5 / PROPOSED: bit 7 {@code evtchn_fifo} permits; absent means denied. */
    PERMIT
}
