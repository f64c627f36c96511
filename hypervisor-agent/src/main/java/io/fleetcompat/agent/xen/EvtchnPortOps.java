package io.fleetcompat.agent.xen;

import java.util.Optional;

/**
 * Xen's evtchn_port_ops: one implementation per ABI (§3, §4). The domain holds exactly one; only init_control
 * (2-level to FIFO) and reset (FIFO to 2-level) swap it.
 */
public interface EvtchnPortOps {

    AbiMode mode();

    /** The ABI port limit (§2.2), evaluated at allocation time. */
    long maxPorts();

    /** Raise {@code ch} for vCPU {@code vcpu} (§3.2 / §4.5). Usability is the caller's concern. */
    void setPending(int vcpu, Channel ch);

    /** Clear the pending indication on close (§2.2 freeing). */
    void clearPending(Channel ch);

    /** Unmask hypercall (§3.3 / §4.5). */
    void unmask(Channel ch);

    boolean isPending(int port);

    boolean isMasked(int port);

    /** §4.6: a FREE port whose FIFO word is still LINKED. Never true in 2-level mode. */
    boolean isBusy(int port);

    /** Called when a channel is bound: FIFO resets the priority to the default 7 (§2.2). */
    void bind(Channel ch);

    /** Whether the ABI has a set_priority hook at all (2-level has none: -ENOSYS, §2.3). */
    boolean hasSetPriority();

    /** FIFO set_priority (§2.3 step 4-5); empty on success. */
    Optional<Errno> setPriority(Channel ch, int priority);
}
