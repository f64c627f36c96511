package io.fleetcompat.agent.xen;

import java.util.Optional;

/**
 * The CONFIG_EVTCHN_FIFO=n stubs (§1.5, §10): init_control and expand_array give -EOPNOTSUPP; set_priority has
 * no stub and falls through to the 2-level path (-EINVAL for a bad port, else -ENOSYS). Runs after the argument
 * is read, as the upstream stubs sit behind copy_from_guest. Under PROPOSED it is unreachable (a host without
 * FIFO cannot grant the permit flag, so the per-domain gate answers first); UPSTREAM_NOW reaches it.
 */
final class FifoBuildStub {

    static final Errno STUB_ERRNO = Errno.EOPNOTSUPP;

    private FifoBuildStub() {
    }

    static Optional<Errno> check(HostConfig host, EvtchnCmd cmd) {
        if (cmd != EvtchnCmd.INIT_CONTROL && cmd != EvtchnCmd.EXPAND_ARRAY) {
            return Optional.empty();
        }
        boolean stubbed = host.profile().fifoBuildSwitch() && !host.fifoBuiltIn();
        return stubbed ? STUB_ERRNO.asOptional() : Optional.empty();
    }
}
