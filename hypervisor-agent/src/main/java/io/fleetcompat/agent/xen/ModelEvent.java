package io.fleetcompat.agent.xen;

/**
 * Something the model did that an outside party may want to see: a hypercall's result or a lifecycle step.
 * Xen-side events are {@link XenEvent}; guest-kernel events live in the guest package. The model knows
 * nothing of how events are transported.
 */
public interface ModelEvent {
    /** The domain the event is about. */
    int domid();
}
