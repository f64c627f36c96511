package io.fleetcompat.agent.xen;

import java.util.Arrays;

/**
 * The shared-info page (§3.1): evtchn_pending[W] and evtchn_mask[W], W words of W bits, plus the vcpu_info of
 * each vCPU. Guest-owned: the guest writes mask bits and clears pending bits without a hypercall. Zeroed at
 * domain creation, so every port starts unmasked. Each bitmap is allocated with its first set bit and each
 * vcpu_info with its vCPU's first use, so an idle domain's page costs little. With a 32-bit layout (W = 32) a
 * word's upper 32 bits stay zero.
 */
public final class SharedInfo {

    private final int width;
    private final int shift;
    private final int vcpus;
    private long[] pending;
    private long[] mask;
    private VcpuInfo[] vcpuInfo = new VcpuInfo[0];

    public SharedInfo(int width, int vcpus) {
        if (width != 32 && width != 64) {
            throw new IllegalArgumentException("width " + width);
        }
        this.width = width;
        this.shift = Integer.numberOfTrailingZeros(width);
        this.vcpus = vcpus;
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
        VcpuInfo[] infos = vcpuInfo;
        if (vcpu < infos.length && infos[vcpu] != null) {
            return infos[vcpu];
        }
        if (vcpu < 0 || Integer.compareUnsigned(vcpu, vcpus) >= 0) {
            throw new IndexOutOfBoundsException("no vcpu_info " + vcpu + " (" + Integer.toUnsignedString(vcpus)
                    + " vCPUs)");
        }
        if (vcpu >= infos.length) {
            int cap = vcpus < 0 ? Integer.MAX_VALUE : vcpus;
            vcpuInfo = infos = Arrays.copyOf(infos, Math.min(cap, Math.max(vcpu + 1, infos.length * 2)));
        }
        infos[vcpu] = new VcpuInfo();
        return infos[vcpu];
    }

    public boolean isPending(int port) {
        return covers(port) && pending != null && (pending[port >>> shift] & bit(port)) != 0;
    }

    public boolean isMasked(int port) {
        return covers(port) && mask != null && (mask[port >>> shift] & bit(port)) != 0;
    }

    /** Atomic set; returns whether it was already set. */
    public boolean testAndSetPending(int port) {
        long[] p = pending != null ? pending : (pending = new long[width]);
        long old = p[port >>> shift];
        p[port >>> shift] = old | bit(port);
        return (old & bit(port)) != 0;
    }

    public void setPending(int port, boolean value) {
        if (value) {
            testAndSetPending(port);
        } else if (pending != null) {
            pending[port >>> shift] &= ~bit(port);
        }
    }

    public void setMask(int port, boolean value) {
        if (value) {
            long[] m = mask != null ? mask : (mask = new long[width]);
            m[port >>> shift] |= bit(port);
        } else if (mask != null) {
            mask[port >>> shift] &= ~bit(port);
        }
    }

    /** Sets every mask bit at once, as a guest masking all W*W ports does (Linux at boot, §7.1). */
    public void maskAll() {
        long[] m = mask != null ? mask : (mask = new long[width]);
        Arrays.fill(m, width == 64 ? -1L : 0xFFFF_FFFFL);
    }

    /** Atomic clear; returns whether it was set. */
    public boolean testAndClearMask(int port) {
        boolean old = isMasked(port);
        setMask(port, false);
        return old;
    }

    public long pendingWord(int index) {
        return pending == null ? 0 : pending[index];
    }

    public long maskWord(int index) {
        return mask == null ? 0 : mask[index];
    }

    public boolean covers(int port) {
        return port >= 0 && port < bits();
    }

    private long bit(int port) {
        return 1L << (port & (width - 1));
    }
}
