package io.fleetcompat.agent.xen;

/** An in-hypervisor consumer of a Xen-attached channel (ioreq server, vm_event ring, ...), §0.3. */
@FunctionalInterface
public interface XenConsumer {
    /** Called when the far side sends on the channel bound to {@code port}. */
    void notified(int domid, int port);
}
