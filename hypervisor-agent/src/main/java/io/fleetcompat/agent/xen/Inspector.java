package io.fleetcompat.agent.xen;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Builds {@link DomainView}s from Xen-private and guest-owned state without changing either. */
final class Inspector {

    private Inspector() {
    }

    static DomainView domain(Domain d) {
        List<DomainView.VcpuView> vcpus = new ArrayList<>();
        for (int id = 0; id < d.maxVcpus(); id++) {
            Vcpu v = d.existingVcpu(id);
            // A vCPU nothing referred to yet reads as a fresh one; the view does not build it into the domain.
            vcpus.add(vcpu(d, v != null ? v : new Vcpu(id)));
        }
        List<DomainView.PortView> ports = new ArrayList<>();
        for (int p = 0; p < d.validPorts(); p++) {
            if (d.state(p) != ChannelState.FREE) {
                ports.add(port(d, p));
            }
        }
        List<Long> arrayPages = d.portOps() instanceof FifoAbi ? ((FifoAbi) d.portOps()).arrayPages() : List.of();
        return new DomainView(d.domid(), d.abi(), d.validPorts(), d.profile().flagLayout().names(d.flags()),
                d.controllerPauseCount(), arrayPages, vcpus, ports);
    }

    static DomainView.PortView port(Domain d, int port) {
        Channel existing = d.existingChannel(port);
        // A port never used reads as a fresh channel; the view does not build one into the domain.
        Channel ch = existing != null ? existing : new Channel(port);
        SharedInfo s = d.sharedInfo();
        OptionalInt priority = OptionalInt.empty();
        Optional<DomainView.EventWordView> word = Optional.empty();
        if (d.portOps() instanceof FifoAbi) {
            FifoAbi fifo = (FifoAbi) d.portOps();
            priority = OptionalInt.of(ch.priority());
            OptionalInt w = fifo.word(port);
            word = w.isPresent() ? Optional.of(DomainView.EventWordView.of(w.getAsInt())) : Optional.empty();
        }
        return new DomainView.PortView(port, ch.state(), ch.notifyVcpu(), ch.xenAttached(), s.isPending(port),
                s.isMasked(port), priority, word);
    }

    private static DomainView.VcpuView vcpu(Domain d, Vcpu v) {
        VcpuInfo info = d.sharedInfo().vcpuInfo(v.id());
        Optional<DomainView.ControlBlockView> cb = Optional.empty();
        if (d.portOps() instanceof FifoAbi) {
            cb = ((FifoAbi) d.portOps()).controlBlock(v.id()).map(c -> controlBlock(d.memory(), c));
        }
        return new DomainView.VcpuView(v.id(), info.upcallPending(), info.upcallMask(), v.upcalls(),
                info.pendingSel(), v.upcallVector(), v.vectorInjections(), v.callbackInjections(), cb);
    }

    private static DomainView.ControlBlockView controlBlock(GuestMemory m, FifoControlBlock cb) {
        List<Integer> head = new ArrayList<>();
        for (int q = 0; q < FifoControlBlock.QUEUES; q++) {
            head.add(cb.head(m, q));
        }
        return new DomainView.ControlBlockView(cb.gfn(), cb.offset(), cb.ready(m), head);
    }
}
