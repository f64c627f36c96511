package io.fleetcompat.agent.xen;

import java.util.Arrays;

/**
 * One 4 KiB guest frame: 1024 32-bit words. Stored as a fill value plus 64-word chunks allocated on the first
 * write that differs from it, because the frames the model touches are nearly uniform: a FIFO array page is
 * every word M except the few ports in use, a control block is 72 bytes of an otherwise zero page. A word outside
 * an allocated chunk reads as the fill value. The first chunk a page allocates is held in the page itself, the
 * others in a table: most pages only ever need one (ports below 64, a block at offset 0), and an event's word
 * is then one array access away. Not thread-safe, like the domain that owns it.
 */
public final class GuestPage {

    static final int CHUNK_SHIFT = 6;
    static final int CHUNK_WORDS = 1 << CHUNK_SHIFT;
    static final int CHUNKS = GuestMemory.WORDS_PER_PAGE / CHUNK_WORDS;
    private static final int WORD_IN_CHUNK = CHUNK_WORDS - 1;
    private static final int NONE = -1;

    private int fill;
    /** Whether anyone wrote the frame; a frame Xen only mapped is not part of an image. */
    private boolean written;
    /** The page's first allocated chunk and its index, {@link #NONE} while it has none. */
    private int firstIndex = NONE;
    private int[] first;
    /** Null until a second chunk is needed; then one slot per chunk, the first one's left null. */
    private int[][] others;

    GuestPage() {
    }

    /** The word at {@code index} (0..1023); the caller checked the index. */
    public int read(int index) {
        int chunk = index >>> CHUNK_SHIFT;
        if (chunk == firstIndex) {
            return first[index & WORD_IN_CHUNK];
        }
        int[][] table = others;
        int[] words = table == null ? null : table[chunk];
        return words == null ? fill : words[index & WORD_IN_CHUNK];
    }

    public void write(int index, int value) {
        int chunk = index >>> CHUNK_SHIFT;
        if (chunk == firstIndex) {
            first[index & WORD_IN_CHUNK] = value;
            return;
        }
        int[][] table = others;
        int[] words = table == null ? null : table[chunk];
        if (words == null) {
            // Only a written page has chunks, so the flag needs setting on this path alone.
            written = true;
            if (value == fill) {
                return;
            }
            words = newChunk(chunk);
        }
        words[index & WORD_IN_CHUNK] = value;
    }

    /** Every word becomes {@code value}: the chunks go, so a filled page costs a few bytes again. */
    void fill(int value) {
        written = true;
        fill = value;
        firstIndex = NONE;
        first = null;
        others = null;
    }

    boolean written() {
        return written;
    }

    /** True when every word is zero. */
    boolean isZero() {
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            int[] words = chunk(chunk);
            if (words == null ? fill != 0 : !allEqual(words, 0)) {
                return false;
            }
        }
        return true;
    }

    /** A copy holding only the chunks this page allocated. */
    GuestPage copy() {
        GuestPage p = new GuestPage();
        p.copyFrom(this);
        return p;
    }

    /** Makes this page's words those of {@code source}, keeping this object (Xen may hold it mapped). */
    void copyFrom(GuestPage source) {
        written = true;
        fill = source.fill;
        firstIndex = source.firstIndex;
        first = source.first == null ? null : source.first.clone();
        if (source.others == null) {
            others = null;
            return;
        }
        others = new int[CHUNKS][];
        for (int i = 0; i < CHUNKS; i++) {
            int[] words = source.others[i];
            others[i] = words == null ? null : words.clone();
        }
    }

    /** How many 64-word chunks this page allocated (0 for a uniform page). */
    int allocatedChunks() {
        int n = 0;
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            n += chunk(chunk) == null ? 0 : 1;
        }
        return n;
    }

    private int[] chunk(int chunk) {
        if (chunk == firstIndex) {
            return first;
        }
        return others == null ? null : others[chunk];
    }

    private int[] newChunk(int chunk) {
        int[] words = new int[CHUNK_WORDS];
        if (fill != 0) {
            Arrays.fill(words, fill);
        }
        if (firstIndex == NONE) {
            firstIndex = chunk;
            first = words;
        } else {
            if (others == null) {
                others = new int[CHUNKS][];
            }
            others[chunk] = words;
        }
        return words;
    }

    private static boolean allEqual(int[] words, int value) {
        for (int w : words) {
            if (w != value) {
                return false;
            }
        }
        return true;
    }
}
