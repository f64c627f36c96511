package io.fleetcompat.dashboard.fold;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Names the views that changed since the last drain, so one SSE tick can tell every page what to refetch. */
public final class ChangeTracker {

    public static final String OVERVIEW = "overview";
    public static final String HOSTS = "hosts";
    public static final String GUESTS = "guests";
    public static final String POLICIES = "policies";
    public static final String ROLLOUTS = "rollouts";
    public static final String ACTIONS = "actions";
    public static final String DEAD_LETTERS = "dead-letters";

    private final Set<String> changed = ConcurrentHashMap.newKeySet();

    public void mark(String view) {
        changed.add(view);
    }

    /** The views changed since the previous call, sorted; empties the set. */
    public Set<String> drain() {
        Set<String> drained = new TreeSet<>();
        for (String view : changed) {
            if (changed.remove(view)) {
                drained.add(view);
            }
        }
        return drained;
    }
}
