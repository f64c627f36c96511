package io.fleetcompat.agent.xen;

/**
 * §2.2 "allocate any free port" (Xen's get_free_port). The port stays FREE until its op binds it. The scan
 * starts at the domain's lowest possibly-FREE port instead of 0: every port below it is bound, so Xen's scan
 * would pass over them, and the answer is the same.
 */
final class PortAllocator {

    private final FaultInjector faults;

    PortAllocator(FaultInjector faults) {
        this.faults = faults;
    }

    OpResult<Integer> allocate(Domain d) {
        if (d.isDying()) {
            return OpResult.failed(Errno.EINVAL);
        }
        // The ABI limit is read now, so it grows with FIFO and shrinks after a reset.
        long last = Math.min(d.maxEvtchnPort(), d.portOps().maxPorts() - 1);
        boolean seenFree = false;
        for (int port = d.lowestMaybeFree(); ; port++) {
            if (port > last) {
                return OpResult.failed(Errno.ENOSPC);
            }
            if (!d.isValidPort(port)) {
                if (faults.take(FaultPoint.PORT_BUCKET).isPresent()) {
                    return OpResult.failed(Errno.ENOMEM);
                }
                d.materialiseBucket();
                return OpResult.ok(port);
            }
            if (d.state(port) == ChannelState.FREE) {
                if (!seenFree) {
                    seenFree = true;
                    d.scannedUpTo(port);
                }
                if (!d.portOps().isBusy(port)) {
                    return OpResult.ok(port);
                }
            }
        }
    }
}
