package io.fleetcompat.agent.xen;

import java.util.Optional;

/** EVTCHNOP_reset (10) and reset_cont (14), §5. */
final class ResetOps {

    private final HostState host;
    private final ChannelOps channels;

    ResetOps(HostState host, ChannelOps channels) {
        this.host = host;
        this.channels = channels;
    }

    /**
     * Runs one segment of a reset. Returns empty on success, or the errno; {@link Errno#ERESTART} means
     * "preempted, continue with reset_cont", which the dispatcher turns into a continuation.
     */
    Optional<Errno> reset(Domain caller, int dom, boolean continuation) {
        Optional<Domain> target = host.resolve(dom, caller);
        if (target.isEmpty()) {
            return Optional.of(Errno.ESRCH);
        }
        Domain d = target.get();
        if (!Privilege.privilegedOver(caller, d)) {
            return Optional.of(Errno.EPERM);
        }
        // A domain other than the caller must be paused by its controller (a fresh one counts as paused).
        if (d != caller && d.controllerPauseCount() == 0) {
            return Optional.of(Errno.EINVAL);
        }
        if (!d.profile().resetContinuation()) {
            return resetAtomically(d);
        }
        if (continuation != d.resetInProgress()) {
            return Optional.of(Errno.EBUSY);
        }
        int start = continuation ? d.resetCursor() : 1;
        d.setReset(true, start);
        for (int port = start; port < d.validPorts() && d.activeCount() > d.xenAttachedCount(); port++) {
            // Xen-attached and already-free ports refuse the guest close and are simply skipped.
            channels.closePort(d, port, true);
            if (port % Domain.PORTS_PER_BUCKET == 0 && host.faults().takeResetPreemption()) {
                d.setReset(true, port + 1);
                return Optional.of(Errno.ERESTART);
            }
        }
        d.setReset(false, 0);
        // §5 step 7: binds that raced with the loop leave the ABI unchanged.
        if (d.activeCount() > d.xenAttachedCount()) {
            return Optional.of(Errno.EAGAIN);
        }
        backToTwoLevel(d);
        return Optional.empty();
    }

    /** 4.14.0: not preemptible, always 0, no -EBUSY/-EAGAIN (§5 notes). */
    private Optional<Errno> resetAtomically(Domain d) {
        for (int port = 1; port < d.validPorts(); port++) {
            channels.closePort(d, port, true);
        }
        backToTwoLevel(d);
        return Optional.empty();
    }

    /** Drops every control block and array page; the code does this for any permitted caller (§10). */
    private static void backToTwoLevel(Domain d) {
        if (d.abi() == AbiMode.FIFO) {
            d.switchToTwoLevel();
        }
    }
}
