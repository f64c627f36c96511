package io.fleetcompat.agent.xen;

import java.util.Optional;

/** The ops that allocate and bind a port (§2.3 ops 0, 1, 2, 6, 7), each checking in Xen's order. */
final class BindOps {

    private final HostState host;

    BindOps(HostState host) {
        this.host = host;
    }

    OpResult<EvtchnOut.BindInterdomain> bindInterdomain(Domain ld, EvtchnIn.BindInterdomain in) {
        Optional<Domain> remote = host.resolve(in.remoteDom(), ld);
        if (remote.isEmpty()) {
            return OpResult.failed(Errno.ESRCH);
        }
        // §2.4: the default policy's check for bind_interdomain always passes.
        OpResult<Integer> lport = host.allocator().allocate(ld);
        if (!lport.isOk()) {
            return lport.castFailure();
        }
        Domain rd = remote.get();
        if (!rd.isValidPort(in.remotePort())) {
            return OpResult.failed(Errno.EINVAL);
        }
        Channel rch = rd.channel(in.remotePort());
        if (rch.state() != ChannelState.UNBOUND || rch.remoteDomid() != ld.domid()) {
            return OpResult.failed(Errno.EINVAL);
        }
        Channel lch = ld.channel(lport.out());
        lch.bindInterdomain(rd.domid(), rch.port());
        ld.portOps().bind(lch);
        // The remote side keeps its notify vCPU and priority.
        rch.bindInterdomain(ld.domid(), lch.port());
        // §2.3 step 5: always mark the local port pending, for sends dropped while the remote was unbound.
        ld.raise(lch);
        return OpResult.ok(new EvtchnOut.BindInterdomain(lch.port()));
    }

    OpResult<EvtchnOut.BindVirq> bindVirq(Domain d, EvtchnIn.BindVirq in) {
        int virq = in.virq();
        if (virq < 0 || virq >= Vcpu.NR_VIRQS) {
            return OpResult.failed(Errno.EINVAL);
        }
        VirqType type = VirqType.of(virq, d.profile());
        if (type != VirqType.PER_VCPU && in.vcpu() != 0) {
            return OpResult.failed(Errno.EINVAL);
        }
        // §10: from 4.21 only the designated handler domain may bind a global VIRQ.
        if (type == VirqType.GLOBAL && d.profile().globalVirqHandlerOnly() && d.domid() != host.globalVirqHandler()) {
            return OpResult.failed(Errno.EBUSY);
        }
        Optional<Vcpu> v = d.vcpu(in.vcpu());
        if (v.isEmpty()) {
            return OpResult.failed(Errno.ENOENT);
        }
        if (v.get().virqPort(virq) != 0) {
            return OpResult.failed(Errno.EEXIST);
        }
        OpResult<Integer> port = host.allocator().allocate(d);
        if (!port.isOk()) {
            return port.castFailure();
        }
        Channel ch = d.channel(port.out());
        ch.bindVirq(virq, in.vcpu());
        d.portOps().bind(ch);
        v.get().setVirqPort(virq, ch.port());
        return OpResult.ok(new EvtchnOut.BindVirq(ch.port()));
    }

    OpResult<EvtchnOut.BindPirq> bindPirq(Domain d, EvtchnIn.BindPirq in) {
        if (d.profile().pirqUnsupportedOnArm() && d.host().arch() == Arch.ARM) {
            return OpResult.failed(Errno.EOPNOTSUPP);
        }
        int pirq = in.pirq();
        if (pirq < 0 || pirq >= d.config().nrPirqs()) {
            return OpResult.failed(Errno.EINVAL);
        }
        if (!d.isHvm() && !d.config().permittedPirqs().contains(pirq)) {
            return OpResult.failed(Errno.EPERM);
        }
        if (d.pirqPort(pirq).isPresent()) {
            return OpResult.failed(Errno.EEXIST);
        }
        OpResult<Integer> port = host.allocator().allocate(d);
        if (!port.isOk()) {
            return port.castFailure();
        }
        if (host.faults().take(FaultPoint.PIRQ_METADATA).isPresent()) {
            return OpResult.failed(Errno.ENOMEM);
        }
        if (!d.isHvm()) {
            Optional<Errno> bind = host.faults().take(FaultPoint.PIRQ_PHYSICAL_BIND);
            if (bind.isPresent()) {
                return OpResult.failed(bind.get());
            }
        }
        Channel ch = d.channel(port.out());
        ch.bindPirq(pirq);
        d.portOps().bind(ch);
        d.mapPirq(pirq, ch.port());
        d.vcpu(0).orElseThrow().addPirq(pirq);
        return OpResult.ok(new EvtchnOut.BindPirq(ch.port()));
    }

    OpResult<EvtchnOut.AllocUnbound> allocUnbound(Domain caller, EvtchnIn.AllocUnbound in) {
        Optional<Domain> target = host.resolve(in.dom(), caller);
        if (target.isEmpty()) {
            return OpResult.failed(Errno.ESRCH);
        }
        Domain d = target.get();
        OpResult<Integer> port = host.allocator().allocate(d);
        if (!port.isOk()) {
            return port.castFailure();
        }
        // Checked after allocation, as Xen does; the port simply stays FREE.
        if (!Privilege.privilegedOver(caller, d)) {
            return OpResult.failed(Errno.EPERM);
        }
        // DOMID_SELF as remote means the caller, not dom.
        int remote = in.remoteDom() == Domain.DOMID_SELF ? caller.domid() : in.remoteDom();
        Channel ch = d.channel(port.out());
        ch.bindUnbound(remote);
        d.portOps().bind(ch);
        return OpResult.ok(new EvtchnOut.AllocUnbound(ch.port()));
    }

    OpResult<EvtchnOut.BindIpi> bindIpi(Domain d, EvtchnIn.BindIpi in) {
        if (d.vcpu(in.vcpu()).isEmpty()) {
            return OpResult.failed(Errno.ENOENT);
        }
        OpResult<Integer> port = host.allocator().allocate(d);
        if (!port.isOk()) {
            return port.castFailure();
        }
        Channel ch = d.channel(port.out());
        ch.bindIpi(in.vcpu());
        d.portOps().bind(ch);
        return OpResult.ok(new EvtchnOut.BindIpi(ch.port()));
    }
}
