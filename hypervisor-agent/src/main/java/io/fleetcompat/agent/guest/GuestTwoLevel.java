package io.fleetcompat.agent.guest;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.Errno;
import io.fleetcompat.agent.xen.EvtchnIn;
import io.fleetcompat.agent.xen.SharedInfo;
import io.fleetcompat.agent.xen.VcpuInfo;
import io.fleetcompat.agent.xen.XenHost;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Linux's events_2l.c: reads and writes the shared-info bitmaps and the per-vCPU selector (§3.4). The kernel
 * maps its domain's shared-info page once, on first use, as Linux does at boot.
 */
final class GuestTwoLevel implements GuestEvtchnOps {

    private final XenHost host;
    private final int domid;
    private SharedInfo shared;
    private final HandledPorts handled = new HandledPorts();

    GuestTwoLevel(XenHost host, int domid) {
        this.host = host;
        this.domid = domid;
    }

    private SharedInfo shared() {
        SharedInfo s = shared;
        return s != null ? s : (shared = host.sharedInfo(domid));
    }

    @Override
    public AbiMode abi() {
        return AbiMode.TWO_LEVEL;
    }

    @Override
    public void maskAll() {
        shared().maskAll();
    }

    @Override
    public Optional<Errno> setup(int port) {
        return Optional.empty();
    }

    @Override
    public void mask(int port) {
        shared().setMask(port, true);
    }

    /** evtchn_2l_unmask on HVM: a pending port needs the hypercall, otherwise clearing the bit is enough. */
    @Override
    public void unmask(int port) {
        if (shared().isPending(port)) {
            host.eventChannelOp(domid, new EvtchnIn.Unmask(port));
        } else {
            shared().setMask(port, false);
        }
    }

    @Override
    public List<Integer> handleEvents(int cpu, IntPredicate handles) {
        return handleEvents(cpu, handles, 0);
    }

    /**
     * evtchn_2l_handle_events: the CPU's timer VIRQ is handled first when it is pending and unmasked, whatever
     * the selector says (§3.4 "handles the timer VIRQ first"); then the selector scan, which no longer sees it.
     */
    @Override
    public List<Integer> handleEvents(int cpu, IntPredicate handles, int timerPort) {
        SharedInfo s = shared();
        VcpuInfo info = s.vcpuInfo(cpu);
        info.setUpcallPending(false);
        HandledPorts handled = this.handled;
        handled.clear();
        if (timerPort != 0) {
            int timer = timerPort;
            if (s.isPending(timer) && !s.isMasked(timer) && handles.test(timer)) {
                s.setPending(timer, false);
                handled.add(timer);
            }
        }
        int width = s.width();
        // Only the selector's first W bits name words of the bitmaps.
        long sel = info.exchangeSel() & (width == 64 ? -1L : (1L << width) - 1);
        // Words and bits in ascending order, as the scan visits them: lowest set bit first.
        while (sel != 0) {
            int word = Long.numberOfTrailingZeros(sel);
            sel &= sel - 1;
            long active = s.pendingWord(word) & ~s.maskWord(word);
            while (active != 0) {
                int bit = Long.numberOfTrailingZeros(active);
                active &= active - 1;
                int port = word * width + bit;
                if (handles.test(port)) {
                    // The IRQ ack clears the pending bit.
                    s.setPending(port, false);
                    handled.add(port);
                }
            }
        }
        return handled.toList();
    }

    @Override
    public Optional<Errno> resume(Set<Integer> onlineCpus) {
        // Only per-CPU routing masks are cleared; nothing Xen sees.
        return Optional.empty();
    }

    @Override
    public EventLayerState state() {
        return EventLayerState.twoLevel();
    }
}
