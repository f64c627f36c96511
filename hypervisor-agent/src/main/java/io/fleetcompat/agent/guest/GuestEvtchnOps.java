package io.fleetcompat.agent.guest;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.Errno;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Linux's struct evtchn_ops: the guest side of one ABI. The kernel holds one and never learns whether Xen's
 * per-domain ABI still matches it; that mismatch is the failure of §8.
 */
interface GuestEvtchnOps {

    AbiMode abi();

    /** xen_init_IRQ: mask every port the ABI currently covers (2-level: all W*W; FIFO: none yet). */
    void maskAll();

    /** Make {@code port} usable before it is bound to an IRQ (FIFO: expand the array on demand). */
    Optional<Errno> setup(int port);

    void mask(int port);

    void unmask(int port);

    /**
     * The upcall handler for {@code cpu}: clears evtchn_upcall_pending, scans the ABI's structures, handles
     * (acknowledges) every pending unmasked port {@code handles} accepts, and returns those ports.
     */
    List<Integer> handleEvents(int cpu, IntPredicate handles);

    /**
     * The handler when the kernel has a timer VIRQ on {@code cpu} ({@code timerPort}, 0 for none): Linux's
     * 2-level handler takes it before the scan (§3.4); other ABIs ignore it.
     */
    default List<Integer> handleEvents(int cpu, IntPredicate handles, int timerPort) {
        return handleEvents(cpu, handles);
    }

    /** §7.2 step 1, after a save/restore into a new domain; an error is the kernel's BUG. */
    Optional<Errno> resume(Set<Integer> onlineCpus);

    /** What a hibernation or save image records of this ABI's kernel-side state. */
    EventLayerState state();
}
