package io.fleetcompat.agent.xen;

/**
 * One 4 KiB guest frame: 1024 32-bit words. Stored as a fill value plus 64-word chunks allocated on the first
 * write that differs from it, because the frames the model touches are nearly uniform: a FIFO array page is
 * every word M except the few ports in use, a control block is 72 bytes of an otherwise zero page. A word outside
 * an allocated chunk reads as the fill value. Not thread-safe, like the domain that owns it.
 */
public final class GuestPage {

    static final int CHUNK_SHIFT = 6;
    static final int CHUNK_WORDS = 1 << CHUNK_SHIFT;
    static final int CHUNKS = GuestMemory.WORDS_PER_PAGE / CHUNK_WORDS;

    private int fill;
    /** Whether anyone wrote the frame; a frame Xen only mapped is not part of an image. */
    private boolean written;
    /** Null while every word is {@link #fill}; then one slot per chunk, null for a chunk still all fill. */
    private int[][] chunks;

    GuestPage() {
    }

    /** The word at {@code index} (0..1023); the caller checked the index. */
    public int read(int index) {
        int[][] c = chunks;
        if (c == null) {
            return fill;
        }
        int[] chunk = c[index >>> CHUNK_SHIFT];
        return chunk == null ? fill : chunk[index & (CHUNK_WORDS - 1)];
    }

    public void write(int index, int value) {
        int[][] c = chunks;
        int[] chunk = c == null ? null : c[index >>> CHUNK_SHIFT];
        if (chunk == null) {
            // Only a written page has chunks, so the flag needs setting on this path alone.
            written = true;
            if (value == fill) {
                return;
            }
            chunk = newChunk(index >>> CHUNK_SHIFT);
        }
        chunk[index & (CHUNK_WORDS - 1)] = value;
    }

    /** Every word becomes {@code value}: the chunks go, so a filled page costs a few bytes again. */
    void fill(int value) {
        written = true;
        fill = value;
        chunks = null;
    }

    boolean written() {
        return written;
    }

    /** True when every word is zero. */
    boolean isZero() {
        if (chunks == null) {
            return fill == 0;
        }
        for (int[] chunk : chunks) {
            if (chunk == null ? fill != 0 : !allEqual(chunk, 0)) {
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
        if (source.chunks == null) {
            chunks = null;
            return;
        }
        chunks = new int[CHUNKS][];
        for (int i = 0; i < CHUNKS; i++) {
            int[] chunk = source.chunks[i];
            chunks[i] = chunk == null ? null : chunk.clone();
        }
    }

    /** How many 64-word chunks this page allocated (0 for a uniform page). */
    int allocatedChunks() {
        if (chunks == null) {
            return 0;
        }
        int n = 0;
        for (int[] chunk : chunks) {
            n += chunk == null ? 0 : 1;
        }
        return n;
    }

    private int[] newChunk(int index) {
        if (chunks == null) {
            chunks = new int[CHUNKS][];
        }
        int[] chunk = new int[CHUNK_WORDS];
        if (fill != 0) {
            java.util.Arrays.fill(chunk, fill);
        }
        chunks[index] = chunk;
        return chunk;
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
