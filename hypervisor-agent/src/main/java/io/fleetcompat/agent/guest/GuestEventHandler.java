package io.fleetcompat.agent.guest;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.DomainView;
import io.fleetcompat.agent.xen.FifoControlBlock;
import io.fleetcompat.agent.xen.XenHost;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The handler of a domain with no modelled kernel (hv-console "consume" before any boot): it scans the way
 * Linux does for Xen's current ABI and handles every pending, unmasked port it finds.
 */
public final class GuestEventHandler {

    private GuestEventHandler() {
    }

    public static List<Integer> consume(XenHost host, int domid, int vcpu) {
        DomainView view = host.inspect(domid);
        if (view.abi() == AbiMode.TWO_LEVEL) {
            return new GuestTwoLevel(host, domid).handleEvents(vcpu, port -> true);
        }
        Map<Integer, FifoControlBlock> blocks = new TreeMap<>();
        for (DomainView.VcpuView v : view.vcpus()) {
            v.controlBlock().ifPresent(cb -> blocks.put(v.id(), new FifoControlBlock(cb.gfn(), cb.offset())));
        }
        return GuestFifo.observing(host, domid, blocks, view.fifoArrayPages()).handleEvents(vcpu, port -> true);
    }
}
