package io.fleetcompat.launcher.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** The demo's children in start order; stops them in reverse order and reports the first one that failed. */
final class ProcessSupervisor {

    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();

    void add(ChildProcess child) {
        children.add(child);
    }

    List<ChildProcess> children() {
        return List.copyOf(children);
    }

    /** The child that took over from {@code dead} (same component, restarted). */
    void replace(ChildProcess dead, ChildProcess successor) {
        children.set(children.indexOf(dead), successor);
    }

    Optional<ChildProcess> firstFailed() {
        return children.stream().filter(ChildProcess::failed).findFirst();
    }

    /** Stops every child except those {@code keep} accepts, last started first. */
    void stopAllExcept(Predicate<ChildProcess> keep, Duration grace) {
        List<ChildProcess> reversed = new ArrayList<>(children);
        Collections.reverse(reversed);
        for (ChildProcess child : reversed) {
            if (!keep.test(child)) {
                child.stop(grace);
            }
        }
    }

    void stopAll(Duration grace) {
        stopAllExcept(child -> false, grace);
    }
}
