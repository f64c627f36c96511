package io.fleetcompat.agent.xen;

import java.util.Optional;

/** The ops on an existing port (§2.3 ops 3, 4, 5, 8, 9, 13), each checking in Xen's order. */
final class ChannelOps {

    /** The ops without OUT fields answer with one shared result each: nothing in it can change. */
    private static final OpResult<EvtchnOut.Send> SENT = OpResult.ok(new EvtchnOut.Send());
    private static final OpResult<EvtchnOut.Unmask> UNMASKED = OpResult.ok(new EvtchnOut.Unmask());

    private final HostState host;

    ChannelOps(HostState host) {
        this.host = host;
    }

    OpResult<EvtchnOut.Close> close(Domain d, EvtchnIn.Close in) {
        Optional<Errno> rc = closePort(d, in.port(), true);
        return rc.isPresent() ? OpResult.failed(rc.get()) : OpResult.ok(new EvtchnOut.Close());
    }

    /**
     * evtchn_close. A guest close refuses Xen-attached channels (§2.3 close: checked before FREE); domain
     * destruction ({@code guest} false) closes them too.
     */
    Optional<Errno> closePort(Domain d, long port, boolean guest) {
        if (!d.isValidPort(port)) {
            return Errno.EINVAL.asOptional();
        }
        Channel ch = d.existingChannel((int) port);
        if (ch == null) {
            // Never used: FREE.
            return Errno.EINVAL.asOptional();
        }
        if (guest && ch.xenAttached()) {
            return Errno.EINVAL.asOptional();
        }
        switch (ch.state()) {
            case FREE:
            case RESERVED:
                return Errno.EINVAL.asOptional();
            case VIRQ:
                int owner = VirqType.of(ch.virq(), d.profile()) == VirqType.PER_VCPU ? ch.notifyVcpu() : 0;
                d.vcpuAt(owner).setVirqPort(ch.virq(), 0);
                break;
            case PIRQ:
                d.unmapPirq(ch.pirq());
                d.vcpuAt(ch.notifyVcpu()).removePirq(ch.pirq());
                break;
            case INTERDOMAIN:
                // The peer becomes UNBOUND accepting from the closing domain, keeping its notify vCPU.
                Domain peerDomain = host.find(ch.remoteDomid());
                if (peerDomain != null) {
                    peerDomain.channel(ch.remotePort()).bindUnbound(d.domid());
                }
                break;
            default:
                break;
        }
        // §2.2 freeing: clear pending in the current ABI; mask bits and LINKED are left alone.
        d.portOps().clearPending(ch);
        ch.free();
        d.freed(ch.port());
        return Optional.empty();
    }

    OpResult<EvtchnOut.Send> send(Domain d, EvtchnIn.Send in) {
        if (!d.isValidPort(in.port())) {
            return OpResult.failed(Errno.EINVAL);
        }
        Channel ch = d.existingChannel(in.port());
        if (ch == null || ch.xenAttached()) {
            return OpResult.failed(Errno.EINVAL);
        }
        switch (ch.state()) {
            case INTERDOMAIN:
                Domain rd = host.domain(ch.remoteDomid()).orElseThrow(
                        () -> new IllegalStateException("interdomain peer " + ch.remoteDomid() + " vanished"));
                Channel peer = rd.channel(ch.remotePort());
                if (peer.xenAttached()) {
                    peer.xenConsumer().notified(rd.domid(), peer.port());
                } else {
                    rd.raise(peer);
                }
                return SENT;
            case IPI:
                d.raise(ch);
                return SENT;
            case UNBOUND:
                // Silently dropped; bind_interdomain's pending mark covers it later.
                return SENT;
            default:
                return OpResult.failed(Errno.EINVAL);
        }
    }

    OpResult<EvtchnOut.Status> status(Domain caller, EvtchnIn.Status in) {
        Optional<Domain> target = host.resolve(in.dom(), caller);
        if (target.isEmpty()) {
            return OpResult.failed(Errno.ESRCH);
        }
        Domain d = target.get();
        if (!d.isValidPort(in.port())) {
            return OpResult.failed(Errno.EINVAL);
        }
        Channel ch = d.existingChannel(in.port());
        if (ch != null && ch.xenAttached() && d.profile().statusRefusesXenAttached()) {
            return OpResult.failed(Errno.EACCES);
        }
        if (!Privilege.privilegedOver(caller, d)) {
            return OpResult.failed(Errno.EPERM);
        }
        if (ch == null) {
            return OpResult.ok(EvtchnOut.Status.closed(0));
        }
        int vcpu = ch.notifyVcpu();
        switch (ch.state()) {
            case UNBOUND:
                return OpResult.ok(new EvtchnOut.Status(EvtchnStatus.UNBOUND, vcpu, ch.remoteDomid(), 0, 0, 0, 0));
            case INTERDOMAIN:
                return OpResult.ok(new EvtchnOut.Status(EvtchnStatus.INTERDOMAIN, vcpu, 0, ch.remoteDomid(),
                        ch.remotePort(), 0, 0));
            case PIRQ:
                return OpResult.ok(new EvtchnOut.Status(EvtchnStatus.PIRQ, vcpu, 0, 0, 0, ch.pirq(), 0));
            case VIRQ:
                return OpResult.ok(new EvtchnOut.Status(EvtchnStatus.VIRQ, vcpu, 0, 0, 0, 0, ch.virq()));
            case IPI:
                return OpResult.ok(new EvtchnOut.Status(EvtchnStatus.IPI, vcpu, 0, 0, 0, 0, 0));
            default:
                // FREE and RESERVED both report closed.
                return OpResult.ok(EvtchnOut.Status.closed(vcpu));
        }
    }

    OpResult<EvtchnOut.BindVcpu> bindVcpu(Domain d, EvtchnIn.BindVcpu in) {
        // The vCPU is checked before the port.
        if (!d.hasVcpu(in.vcpu())) {
            return OpResult.failed(Errno.ENOENT);
        }
        if (!d.isValidPort(in.port())) {
            return OpResult.failed(Errno.EINVAL);
        }
        Channel ch = d.existingChannel(in.port());
        if (ch == null || ch.xenAttached()) {
            return OpResult.failed(Errno.EINVAL);
        }
        switch (ch.state()) {
            case VIRQ:
                if (VirqType.of(ch.virq(), d.profile()) == VirqType.PER_VCPU) {
                    return OpResult.failed(Errno.EINVAL);
                }
                ch.setNotifyVcpu(in.vcpu());
                break;
            case UNBOUND:
            case INTERDOMAIN:
                ch.setNotifyVcpu(in.vcpu());
                break;
            case PIRQ:
                d.vcpuAt(ch.notifyVcpu()).removePirq(ch.pirq());
                d.vcpuAt(in.vcpu()).addPirq(ch.pirq());
                ch.setNotifyVcpu(in.vcpu());
                break;
            default:
                return OpResult.failed(Errno.EINVAL);
        }
        // Pending state is neither moved nor re-raised.
        return OpResult.ok(new EvtchnOut.BindVcpu());
    }

    OpResult<EvtchnOut.Unmask> unmask(Domain d, EvtchnIn.Unmask in) {
        if (!d.isValidPort(in.port())) {
            return OpResult.failed(Errno.EINVAL);
        }
        Channel ch = d.existingChannel(in.port());
        if (ch != null && ch.usable()) {
            d.portOps().unmask(ch);
        } else if (!d.profile().usabilityChecks()) {
            // 4.14.0 acted on FREE channels too (§10).
            d.portOps().unmask(d.channel(in.port()));
        }
        return UNMASKED;
    }

    OpResult<EvtchnOut.SetPriority> setPriority(Domain d, EvtchnIn.SetPriority in) {
        if (!d.isValidPort(in.port())) {
            return OpResult.failed(Errno.EINVAL);
        }
        if (!d.portOps().hasSetPriority()) {
            return OpResult.failed(Errno.ENOSYS);
        }
        Channel existing = d.existingChannel(in.port());
        if ((existing == null || !existing.usable()) && d.profile().usabilityChecks()) {
            return OpResult.failed(Errno.EACCES);
        }
        Channel ch = existing != null ? existing : d.channel(in.port());
        Optional<Errno> rc = d.portOps().setPriority(ch, in.priority());
        return rc.isPresent() ? OpResult.failed(rc.get()) : OpResult.ok(new EvtchnOut.SetPriority());
    }
}
