package io.fleetcompat.agent.xen;

/** Sees every {@link ModelEvent}, synchronously and in order. */
@FunctionalInterface
public interface ModelObserver {
    void observe(ModelEvent event);
}
