package io.fleetcompat.agent.xen;

/**
 * A copy of a domain's guest memory as a hibernation or save image holds it: the frames the guest or Xen wrote,
 * each as compact as its live page (a uniform page costs a few bytes, a FIFO array page the chunks of the ports
 * in use). Immutable once taken.
 */
public final class MemoryImage {

    public static final MemoryImage EMPTY = new MemoryImage(new int[0], new GuestPage[0]);

    private final int[] gfns;
    private final GuestPage[] pages;

    MemoryImage(int[] gfns, GuestPage[] pages) {
        this.gfns = gfns;
        this.pages = pages;
    }

    /** Number of frames held. */
    public int frames() {
        return gfns.length;
    }

    /** The gfn of the {@code i}-th frame, in ascending gfn order. */
    public long gfnAt(int i) {
        return gfns[i];
    }

    /** The word at {@code wordIndex} of frame {@code gfn} as the image holds it (0 for a frame it lacks). */
    public int readWord(long gfn, int wordIndex) {
        int i = gfn < 0 || gfn > GuestMemory.MAX_GFN ? -1 : java.util.Arrays.binarySearch(gfns, (int) gfn);
        return i < 0 ? 0 : pages[i].read(wordIndex);
    }

    int gfn(int i) {
        return gfns[i];
    }

    GuestPage page(int i) {
        return pages[i];
    }
}
