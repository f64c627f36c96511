package io.fleetcompat.agent.xen;

import java.util.ArrayList;
import java.util.List;

/**
 * The shared-info page (§3.1): evtchn_pending[W] and evtchn_mask[W], W words of W bits, plus the vcpu_info of
 * each vCPU. Guest-owned: the guest writes mask bits and clears pending bits without a hypercall. Zeroed at
 * domain creation, so every port starts unmasked.
 */
public final class SharedInfo {

    private final int width;
    private final long[] pending;
    private final long[] mask;
    private final List<VcpuInfo> vcpuInfo = new ArrayList<>();

    public SharedInfo(int width, int vcpus) {
        if (width != 32 && width != 64) {
            throw new IllegalArgumentException("width " + width);
        }
        this.width = width;
        this.pending = new long[width];
        this.mask = new long[width];
        for (int i = 0; i < vcpus; i++) {
            vcpuInfo.add(new VcpuInfo());
        }
    }

    /** W: bits per word and number of words (64 or 32). */
    public int width() {
        return width;
    }

    /** Number of ports the bitmaps cover: W*W. */
    public int bits() {
        return width * width;
    }

    public VcpuInfo vcpuInfo(int vcpu) {
        return vcpuInfo.get(vcpu);
    }

    public boolean isPending(int port) {
        return covers(port) && (pending[port / width] & bit(port)) != 0;
    }

    public boolean isMasked(int port) {
        return covers(port) && (mask[port / width] & bit(port)) != 0;
    }

    /** Atomic set; returns whether it was already set. */
    public boolean testAndSetPending(int port) {
        boolean old = isPending(port);
        pending[port / width] |= bit(port);
        return old;
    }

    public void setPending(int port, boolean value) {
        pending[port / width] = value ? pending[port / width] | bit(port) : pending[port / width] & ~bit(port);
    }

    public void setMask(int port, boolean value) {
        mask[port / width] = value ? mask[port / width] | bit(port) : mask[port / width] & ~bit(port);
    }

    /** Atomic clear; returns whether it was set. */
    public boolean testAndClearMask(int port) {
        boolean old = isMasked(port);
        setMask(port, false);
        return old;
    }

    public long pendingWord(int index) {
        return pending[index];
    }

    public long maskWord(int index) {
        return mask[index];
    }

    public boolean covers(int port) {
        return port >= 0 && port < bits();
    }

    private long bit(int port) {
        return 1L << (port % width);
    }
}
