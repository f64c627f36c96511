package io.fleetcompat.agent.xen;

/**
 * Guest-visible per-vCPU info (§3.1): written by both Xen and the guest, so it is guest-owned state and kept
 * apart from Xen's private {@link Vcpu}.
 */
public final class VcpuInfo {

    private boolean upcallPending;
    private boolean upcallMask;
    private long pendingSel;

    public boolean upcallPending() {
        return upcallPending;
    }

    public void setUpcallPending(boolean value) {
        upcallPending = value;
    }

    /** Atomic set; returns the previous value. */
    public boolean testAndSetUpcallPending() {
        boolean old = upcallPending;
        upcallPending = true;
        return old;
    }

    public boolean upcallMask() {
        return upcallMask;
    }

    public void setUpcallMask(boolean value) {
        upcallMask = value;
    }

    public long pendingSel() {
        return pendingSel;
    }

    /** Atomic set of selector bit {@code bit}; returns whether it was already set. */
    public boolean testAndSetSel(int bit) {
        boolean old = (pendingSel & (1L << bit)) != 0;
        pendingSel |= 1L << bit;
        return old;
    }

    /** The guest's xchg(&pending_sel, 0). */
    public long exchangeSel() {
        long old = pendingSel;
        pendingSel = 0;
        return old;
    }
}
