package io.fleetcompat.agent.guest;

import java.util.List;
import java.util.TreeSet;

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
    private final TreeSet<Long> free = new TreeSet<>();
    private int failNext;

    public GuestPageAllocator() {
        this(new State(POOL_BASE, List.of()));
    }

    public GuestPageAllocator(State state) {
        this.nextFresh = state.nextFresh();
        this.free.addAll(state.free());
    }

    /** A frame, or -1 when the allocation fails (armed with {@link #failNextAllocations}). */
    public long allocate() {
        if (failNext > 0) {
            failNext--;
            return -1;
        }
        if (!free.isEmpty()) {
            return free.pollFirst();
        }
        return nextFresh++;
    }

    public void release(long gfn) {
        free.add(gfn);
    }

    /** Makes the next {@code count} allocations fail, for the "guest allocation failure" path of §7.1. */
    public void failNextAllocations(int count) {
        failNext = count;
    }

    public State state() {
        return new State(nextFresh, List.copyOf(free));
    }
}
