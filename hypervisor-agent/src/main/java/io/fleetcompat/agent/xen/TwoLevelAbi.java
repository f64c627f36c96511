package io.fleetcompat.agent.xen;

import java.util.Optional;

/** The 2-level ABI (§3): shared-info pending/mask bitmaps and the per-vCPU selector. */
final class TwoLevelAbi implements EvtchnPortOps {

    /** 4.14.0 latched 4096 at creation even for the 32-bit layout (XSA-342, §10). */
    private static final int LATCHED_LIMIT = 4096;

    private final Domain d;

    TwoLevelAbi(Domain d) {
        this.d = d;
    }

    @Override
    public AbiMode mode() {
        return AbiMode.TWO_LEVEL;
    }

    @Override
    public long maxPorts() {
        return d.profile().twoLevelLimitLatchedAtCreation() ? LATCHED_LIMIT : d.sharedInfo().bits();
    }

    @Override
    public void setPending(int vcpu, Channel ch) {
        SharedInfo s = d.sharedInfo();
        int port = ch.port();
        if (!s.covers(port)) {
            return;
        }
        // §3.2 step 1: an already-pending port raises nothing more.
        if (s.testAndSetPending(port)) {
            return;
        }
        if (!s.isMasked(port) && !s.vcpuInfo(vcpu).testAndSetSel(port / s.width())) {
            d.markEventsPending(vcpu);
        }
    }

    @Override
    public void clearPending(Channel ch) {
        if (d.sharedInfo().covers(ch.port())) {
            d.sharedInfo().setPending(ch.port(), false);
        }
    }

    @Override
    public void unmask(Channel ch) {
        SharedInfo s = d.sharedInfo();
        int port = ch.port();
        if (!s.covers(port)) {
            return;
        }
        // §3.3: only a masked-to-unmasked transition of a pending port can produce an upcall.
        if (s.testAndClearMask(port) && s.isPending(port)
                && !s.vcpuInfo(ch.notifyVcpu()).testAndSetSel(port / s.width())) {
            d.markEventsPending(ch.notifyVcpu());
        }
    }

    @Override
    public boolean isPending(int port) {
        return d.sharedInfo().isPending(port);
    }

    @Override
    public boolean isMasked(int port) {
        return d.sharedInfo().isMasked(port);
    }

    @Override
    public boolean isBusy(int port) {
        return false;
    }

    @Override
    public void bind(Channel ch) {
        // §2.2: in 2-level mode binding touches no guest-visible memory.
    }

    @Override
    public boolean hasSetPriority() {
        return false;
    }

    @Override
    public Optional<Errno> setPriority(Channel ch, int priority) {
        return Optional.of(Errno.ENOSYS);
    }
}
