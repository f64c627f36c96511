package io.fleetcompat.agent.guest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The guest kernel's own page allocator: lowest free frame first, then fresh frames upward from a base. Its
 * state is part of the kernel's memory, so a hibernation image carries it and the resume kernel hands out
 * frames the boot kernel had given to Xen (§8 step 5).
 */
public final class GuestPageAllocator {

    /** Where the modelled kernel's dynamically allocated frames start. */
    public static final long POOL_BASE = 0x10000;

    /** The allocator's state as recorded in an image. */
    public record State(long nextFresh, List<Long> free) {
        public State {
            free = List.copyOf(free);
        }
    }

    private long nextFresh;
    /** Released frames, ascending, in free[0..freeCount): a kernel frees a handful. */
    private long[] free;
    private int freeCount;
    private int failNext;

    public GuestPageAllocator() {
        this(new State(POOL_BASE, List.of()));
    }

    public GuestPageAllocator(State state) {
        this.nextFresh = state.nextFresh();
        this.free = new long[Math.max(2, state.free().size())];
        for (long gfn : state.free()) {
            release(gfn);
        }
    }

    /** A frame, or -1 when the allocation fails (armed with {@link #failNextAllocations}). */
    public long allocate() {
        if (failNext > 0) {
            failNext--;
            return -1;
        }
        if (freeCount > 0) {
            long lowest = free[0];
            System.arraycopy(free, 1, free, 0, --freeCount);
            return lowest;
        }
        return nextFresh++;
    }

    public void release(long gfn) {
        int i = Arrays.binarySearch(free, 0, freeCount, gfn);
        if (i >= 0) {
            // Already free: a set, as before.
            return;
        }
        int at = -i - 1;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        System.arraycopy(free, at, free, at + 1, freeCount - at);
        free[at] = gfn;
        freeCount++;
    }

    /** Makes the next {@code count} allocations fail, for the "guest allocation failure" path of §7.1. */
    public void failNextAllocations(int count) {
        failNext = count;
    }

    public State state() {
        List<Long> frames = new ArrayList<>(freeCount);
        for (int i = 0; i < freeCount; i++) {
            frames.add(free[i]);
        }
        return new State(nextFresh, frames);
    }
}
