package io.fleetcompat.agent.xen;

import java.util.Map;
import java.util.TreeMap;

/**
 * A domain's guest frames: gfn -> 4 KiB page of 1024 32-bit words. Guest-owned memory: FIFO control blocks and
 * event arrays live here, so Xen's writes land in whatever the guest currently uses the frame for (§0.4, §8).
 * Fresh pages read as all zero; the writable gfns are 0..{@link #MAX_GFN}.
 */
public final class GuestMemory {

    public static final long MAX_GFN = 0xFFFFF;
    public static final int PAGE_SIZE = 4096;
    public static final int WORDS_PER_PAGE = PAGE_SIZE / Integer.BYTES;

    private final Map<Long, int[]> pages = new TreeMap<>();

    public static boolean isValidWritable(long gfn) {
        return gfn >= 0 && gfn <= MAX_GFN;
    }

    public int readWord(long gfn, int wordIndex) {
        checkAccess(gfn, wordIndex);
        int[] page = pages.get(gfn);
        return page == null ? 0 : page[wordIndex];
    }

    public void writeWord(long gfn, int wordIndex, int value) {
        checkAccess(gfn, wordIndex);
        pages.computeIfAbsent(gfn, g -> new int[WORDS_PER_PAGE])[wordIndex] = value;
    }

    /** Reads the 32-bit word at a byte offset, which must be 4-byte aligned. */
    public int readWordAt(long gfn, int byteOffset) {
        return readWord(gfn, wordIndexOf(byteOffset));
    }

    public void writeWordAt(long gfn, int byteOffset, int value) {
        writeWord(gfn, wordIndexOf(byteOffset), value);
    }

    public void fillPage(long gfn, int wordValue) {
        for (int i = 0; i < WORDS_PER_PAGE; i++) {
            writeWord(gfn, i, wordValue);
        }
    }

    public void zeroPage(long gfn) {
        fillPage(gfn, 0);
    }

    /** True when any word of the page is non-zero. */
    public boolean isDirty(long gfn) {
        int[] page = pages.get(gfn);
        if (page == null) {
            return false;
        }
        for (int w : page) {
            if (w != 0) {
                return true;
            }
        }
        return false;
    }

    /** A deep copy of every page ever written, for hibernation and save images. */
    public Map<Long, int[]> snapshot() {
        Map<Long, int[]> copy = new TreeMap<>();
        pages.forEach((gfn, page) -> copy.put(gfn, page.clone()));
        return copy;
    }

    /** Writes every page of {@code image} over this memory, as a restore or image load does. */
    public void load(Map<Long, int[]> image) {
        image.forEach((gfn, page) -> pages.put(gfn, page.clone()));
    }

    private static int wordIndexOf(int byteOffset) {
        if (byteOffset < 0 || byteOffset % Integer.BYTES != 0 || byteOffset >= PAGE_SIZE) {
            throw new IllegalArgumentException("unaligned or out-of-page byte offset " + byteOffset);
        }
        return byteOffset / Integer.BYTES;
    }

    private static void checkAccess(long gfn, int wordIndex) {
        if (!isValidWritable(gfn) || wordIndex < 0 || wordIndex >= WORDS_PER_PAGE) {
            throw new IllegalArgumentException("no guest word at gfn " + gfn + " index " + wordIndex);
        }
    }
}
