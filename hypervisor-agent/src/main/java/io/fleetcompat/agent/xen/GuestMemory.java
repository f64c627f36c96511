package io.fleetcompat.agent.xen;

import java.util.Arrays;

/**
 * A domain's guest frames: gfn -> 4 KiB {@link GuestPage}. Guest-owned memory: FIFO control blocks and event
 * arrays live here, so Xen's writes land in whatever the guest currently uses the frame for (§0.4, §8).
 * Fresh pages read as all zero; the writable gfns are 0..{@link #MAX_GFN}. A frame never written and never
 * mapped by Xen has no page object at all: every such frame shares the zero page, and a written one costs only
 * the 64-word chunks that differ from its fill value. Once a frame has a page, that object stays the frame's for
 * the domain's life (loads and fills rewrite it in place), so Xen and the guest kernel may keep a reference to a
 * frame they mapped.
 */
public final class GuestMemory {

    public static final long MAX_GFN = 0xFFFFF;
    public static final int PAGE_SIZE = 4096;
    public static final int WORDS_PER_PAGE = PAGE_SIZE / Integer.BYTES;

    /** Open addressing on gfn + 1 (0 marks a free slot); a domain touches a handful of frames. */
    private int[] keys = new int[4];
    private GuestPage[] pages = new GuestPage[4];
    private int size;

    public static boolean isValidWritable(long gfn) {
        return gfn >= 0 && gfn <= MAX_GFN;
    }

    public int readWord(long gfn, int wordIndex) {
        checkAccess(gfn, wordIndex);
        GuestPage page = find((int) gfn);
        return page == null ? 0 : page.read(wordIndex);
    }

    public void writeWord(long gfn, int wordIndex, int value) {
        checkAccess(gfn, wordIndex);
        GuestPage page = find((int) gfn);
        if (page == null) {
            page = insert((int) gfn);
        }
        page.write(wordIndex, value);
    }

    /** Reads the 32-bit word at a byte offset, which must be 4-byte aligned. */
    public int readWordAt(long gfn, int byteOffset) {
        return readWord(gfn, wordIndexOf(byteOffset));
    }

    public void writeWordAt(long gfn, int byteOffset, int value) {
        writeWord(gfn, wordIndexOf(byteOffset), value);
    }

    public void fillPage(long gfn, int wordValue) {
        checkAccess(gfn, 0);
        GuestPage page = find((int) gfn);
        if (page == null) {
            page = insert((int) gfn);
        }
        page.fill(wordValue);
    }

    public void zeroPage(long gfn) {
        fillPage(gfn, 0);
    }

    /** True when any word of the page is non-zero. */
    public boolean isDirty(long gfn) {
        GuestPage page = isValidWritable(gfn) ? find((int) gfn) : null;
        return page != null && !page.isZero();
    }

    /**
     * The frame's page object, created if the frame had none: what Xen's map_guest_page hands back. Reads and
     * writes through it are the guest's memory; the caller checked {@link #isValidWritable}.
     */
    public GuestPage map(long gfn) {
        checkAccess(gfn, 0);
        GuestPage page = find((int) gfn);
        return page != null ? page : insert((int) gfn);
    }

    /**
     * A copy of every frame ever written (zeroed ones too: loading the image zeroes them again), for hibernation
     * and save images. Frames Xen mapped but nobody wrote are left out, as before they had no page.
     */
    public MemoryImage snapshot() {
        int n = 0;
        int[] gfns = new int[size];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0 && pages[i].written()) {
                gfns[n++] = keys[i] - 1;
            }
        }
        gfns = Arrays.copyOf(gfns, n);
        Arrays.sort(gfns);
        GuestPage[] copies = new GuestPage[n];
        for (int i = 0; i < n; i++) {
            copies[i] = find(gfns[i]).copy();
        }
        return new MemoryImage(gfns, copies);
    }

    /** Writes every page of {@code image} over this memory, as a restore or image load does. */
    public void load(MemoryImage image) {
        for (int i = 0; i < image.frames(); i++) {
            int gfn = image.gfn(i);
            GuestPage page = find(gfn);
            if (page == null) {
                page = insert(gfn);
            }
            page.copyFrom(image.page(i));
        }
    }

    /** Frames with a page object (written or mapped at some point), for footprint tests. */
    int framesHeld() {
        return size;
    }

    private GuestPage find(int gfn) {
        int key = gfn + 1;
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) {
                return pages[i];
            }
            if (k == 0) {
                return null;
            }
        }
    }

    private GuestPage insert(int gfn) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        GuestPage page = new GuestPage();
        put(gfn + 1, page);
        size++;
        return page;
    }

    private void put(int key, GuestPage page) {
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (keys[i] != 0) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        pages[i] = page;
    }

    private void grow() {
        int[] oldKeys = keys;
        GuestPage[] oldPages = pages;
        keys = new int[oldKeys.length * 2];
        pages = new GuestPage[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i], oldPages[i]);
            }
        }
    }

    private static int mix(int key) {
        return key * 0x9E3779B9 >>> 16 ^ key;
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
