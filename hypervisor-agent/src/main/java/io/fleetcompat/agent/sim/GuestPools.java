package io.fleetcompat.agent.sim;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Every guest sits in exactly one pool, its state's; a pool is a list with swap-remove, so moving a guest and
 * drawing a random one are O(1) however large the fleet.
 */
final class GuestPools {

    private final Map<GuestState, List<SimGuest>> pools = new EnumMap<>(GuestState.class);

    GuestPools() {
        for (GuestState s : GuestState.values()) {
            pools.put(s, new ArrayList<>());
        }
    }

    void add(SimGuest g) {
        List<SimGuest> pool = pools.get(g.state);
        g.slot = pool.size();
        pool.add(g);
    }

    void move(SimGuest g, GuestState to) {
        if (g.state == to) {
            return;
        }
        List<SimGuest> pool = pools.get(g.state);
        SimGuest last = pool.remove(pool.size() - 1);
        if (last != g) {
            pool.set(g.slot, last);
            last.slot = g.slot;
        }
        g.state = to;
        add(g);
    }

    int size(GuestState s) {
        return pools.get(s).size();
    }

    /** Whether any of {@code states} holds a guest. */
    boolean anyIn(List<GuestState> states) {
        for (int i = 0; i < states.size(); i++) {
            if (size(states.get(i)) > 0) {
                return true;
            }
        }
        return false;
    }

    /** A uniformly random guest from the union of {@code states}; the union must not be empty. */
    SimGuest pick(List<GuestState> states, SplittableRandom rng) {
        int total = 0;
        for (int i = 0; i < states.size(); i++) {
            total += size(states.get(i));
        }
        int n = rng.nextInt(total);
        for (GuestState s : states) {
            if (n < size(s)) {
                return pools.get(s).get(n);
            }
            n -= size(s);
        }
        throw new IllegalStateException("pick from empty pools " + states);
    }
}
