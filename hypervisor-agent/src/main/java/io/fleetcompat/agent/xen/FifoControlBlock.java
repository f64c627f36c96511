package io.fleetcompat.agent.xen;

/**
 * Where a vCPU's FIFO control block sits in guest memory (§4.1): ready (32-bit), pad, head[16] at
 * gfn:offset. The contents are read from and written to the guest page itself, never cached by Xen. Each
 * accessor comes in two forms: through the domain's {@link GuestMemory}, or through the frame's
 * {@link GuestPage} for a party that mapped it (Xen at init_control, the guest kernel that allocated it).
 */
public record FifoControlBlock(long gfn, int offset) {

    public static final int QUEUES = 16;
    public static final int SIZE = 72;
    public static final int MAX_OFFSET = GuestMemory.PAGE_SIZE - SIZE;
    /** ready and the pad word come before head[0]. */
    private static final int HEAD_BYTES = 8;

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

    // ---- the same through the mapped frame ----

    public int ready(GuestPage frame) {
        return frame.read(readyWord());
    }

    public boolean testAndSetReady(GuestPage frame, int q) {
        int old = frame.read(readyWord());
        frame.write(readyWord(), old | (1 << q));
        return (old & (1 << q)) != 0;
    }

    public int exchangeReady(GuestPage frame) {
        int old = frame.read(readyWord());
        frame.write(readyWord(), 0);
        return old;
    }

    public int head(GuestPage frame, int q) {
        return frame.read(headWord(q));
    }

    public void setHead(GuestPage frame, int q, int port) {
        frame.write(headWord(q), port);
    }

    // offset is validated to 0..4024 before a block exists, so a shift divides by 4.
    private int readyWord() {
        return offset >> 2;
    }

    private int headWord(int q) {
        return ((offset + HEAD_BYTES) >> 2) + q;
    }

    private int headOffset(int q) {
        return offset + HEAD_BYTES + Integer.BYTES * q;
    }
}
