package io.fleetcompat.agent.xen;

import java.util.Optional;

/**
 * The per-domain FIFO control (§1.3-§1.5): the first thing the dispatcher checks, before the argument is read,
 * so bad pointers, ports and vCPUs of a denied domain all still see this errno. Separate from
 * {@link FifoBuildStub}, which is the host-wide build-switch path with its own errno.
 */
final class FifoGate {

    /** PROPOSED denial errno; reviewers suggested -EPERM, see {@link HostConfig#withFifoDeniedErrno}. */
    static final Errno DENIED_ERRNO = Errno.ENOSYS;

    private FifoGate() {
    }

    static Optional<Errno> check(Domain caller, EvtchnCmd cmd) {
        if (!cmd.isFifoOp()) {
            return Optional.empty();
        }
        boolean denied;
        switch (caller.profile().fifoControlSense()) {
            case DENY:
                denied = caller.hasFlag(CreateFlagLayout.DISABLE_FIFO);
                break;
            case PERMIT:
                denied = !caller.hasFlag(CreateFlag.EVTCHN_FIFO);
                break;
            default:
                denied = false;
        }
        return denied ? Optional.of(caller.host().fifoDeniedErrno()) : Optional.empty();
    }
}
