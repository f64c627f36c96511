package io.fleetcompat.agent.xen;

/**
 * Where a vCPU's FIFO control block sits in guest memory (§4.1): ready (32-bit), pad, head[16] at
 * gfn:offset. The contents are read from and written to the guest page itself, never cached by Xen.
 */
public record FifoControlBlock(long gfn, int offset) {

    public static final int QUEUES = 16;
    public static final int SIZE = 72;
    public static final int MAX_OFFSET = GuestMemory.PAGE_SIZE - SIZE;

    public int ready(GuestMemory m) {
        return m.readWordAt(gfn, offset);
    }

    public void setReady(GuestMemory m, int value) {
        m.writeWordAt(gfn, offset, value);
    }

    /** Atomic set of ready bit {@code q}; returns whether it was already set. */
    public boolean testAndSetReady(GuestMemory m, int q) {
        int old = ready(m);
        setReady(m, old | (1 << q));
        return (old & (1 << q)) != 0;
    }

    /** The guest's xchg(&ready, 0). */
    public int exchangeReady(GuestMemory m) {
        int old = ready(m);
        setReady(m, 0);
        return old;
    }

    public int head(GuestMemory m, int q) {
        return m.readWordAt(gfn, headOffset(q));
    }

    public void setHead(GuestMemory m, int q, int port) {
        m.writeWordAt(gfn, headOffset(q), port);
    }

    private int headOffset(int q) {
        return offset + 8 + Integer.BYTES * q;
    }
}
