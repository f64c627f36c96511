package io.fleetcompat.agent.guest;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.ChannelState;
import io.fleetcompat.agent.xen.DomainView;
import io.fleetcompat.agent.xen.FifoControlBlock;
import io.fleetcompat.agent.xen.XenHost;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The handler of a domain with no modelled kernel (hv-console "consume" before any boot): it scans the way
 * Linux does for Xen's current ABI and handles every pending, unmasked port a kernel could have bound. With no
 * kernel, Xen's channel state stands in for the kernel's IRQ bindings.
 */
public final class GuestEventHandler {

    private GuestEventHandler() {
    }

    public static List<Integer> consume(XenHost host, int domid, int vcpu) {
        DomainView view = host.inspect(domid);
        if (view.abi() == AbiMode.TWO_LEVEL) {
            // §3.4: Linux's 2-level handler only takes ports bound to the CPU it runs on (its per-CPU mask
            // mirrors the notify vCPU), even when another vCPU's port shares a selected word.
            Set<Integer> boundHere = boundPorts(view, vcpu);
            return new GuestTwoLevel(host, domid).handleEvents(vcpu, boundHere::contains);
        }
        Map<Integer, FifoControlBlock> blocks = new TreeMap<>();
        for (DomainView.VcpuView v : view.vcpus()) {
            v.controlBlock().ifPresent(cb -> blocks.put(v.id(), new FifoControlBlock(cb.gfn(), cb.offset())));
        }
        // FIFO queues are per vCPU already; a port with no channel has no IRQ to run, so it is not handled.
        Set<Integer> bound = boundPorts(view, -1);
        return GuestFifo.observing(host, domid, blocks, view.fifoArrayPages()).handleEvents(vcpu, bound::contains);
    }

    /** Ports with a channel a kernel could own; on one vCPU when {@code vcpu} is not negative. */
    private static Set<Integer> boundPorts(DomainView view, int vcpu) {
        return view.ports().stream()
                .filter(p -> p.state() != ChannelState.FREE && p.state() != ChannelState.RESERVED)
                .filter(p -> vcpu < 0 || p.vcpu() == vcpu)
                .map(DomainView.PortView::port)
                .collect(Collectors.toSet());
    }
}
