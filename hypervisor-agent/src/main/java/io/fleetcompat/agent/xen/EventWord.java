package io.fleetcompat.agent.xen;

/** FIFO event word layout (§4.1): P bit 31, M bit 30, L bit 29, B bit 28, LINK bits 0-16. */
public final class EventWord {

    public static final int PENDING = 1 << 31;
    public static final int MASKED = 1 << 30;
    public static final int LINKED = 1 << 29;
    public static final int BUSY = 1 << 28;
    public static final int LINK_BITS = 17;
    public static final int LINK_MASK = (1 << LINK_BITS) - 1;

    private EventWord() {
    }

    public static boolean pending(int word) {
        return (word & PENDING) != 0;
    }

    public static boolean masked(int word) {
        return (word & MASKED) != 0;
    }

    public static boolean linked(int word) {
        return (word & LINKED) != 0;
    }

    public static boolean busy(int word) {
        return (word & BUSY) != 0;
    }

    public static int link(int word) {
        return word & LINK_MASK;
    }
}
