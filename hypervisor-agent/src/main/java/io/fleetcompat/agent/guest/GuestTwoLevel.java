package io.fleetcompat.agent.guest;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.Errno;
import io.fleetcompat.agent.xen.EvtchnIn;
import io.fleetcompat.agent.xen.SharedInfo;
import io.fleetcompat.agent.xen.VcpuInfo;
import io.fleetcompat.agent.xen.XenHost;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntPredicate;

/** Linux's events_2l.c: reads and writes the shared-info bitmaps and the per-vCPU selector (§3.4). */
final class GuestTwoLevel implements GuestEvtchnOps {

    private final XenHost host;
    private final int domid;

    GuestTwoLevel(XenHost host, int domid) {
        this.host = host;
        this.domid = domid;
    }

    private SharedInfo shared() {
        return host.sharedInfo(domid);
    }

    @Override
    public AbiMode abi() {
        return AbiMode.TWO_LEVEL;
    }

    @Override
    public void maskAll() {
        for (int port = 0; port < shared().bits(); port++) {
            shared().setMask(port, true);
        }
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
        return handleEvents(cpu, handles, OptionalInt.empty());
    }

    /**
     * evtchn_2l_handle_events: the CPU's timer VIRQ is handled first when it is pending and unmasked, whatever
     * the selector says (§3.4 "handles the timer VIRQ first"); then the selector scan, which no longer sees it.
     */
    @Override
    public List<Integer> handleEvents(int cpu, IntPredicate handles, OptionalInt timerPort) {
        SharedInfo s = shared();
        VcpuInfo info = s.vcpuInfo(cpu);
        info.setUpcallPending(false);
        List<Integer> handled = new ArrayList<>();
        if (timerPort.isPresent()) {
            int timer = timerPort.getAsInt();
            if (s.isPending(timer) && !s.isMasked(timer) && handles.test(timer)) {
                s.setPending(timer, false);
                handled.add(timer);
            }
        }
        long sel = info.exchangeSel();
        for (int word = 0; word < s.width(); word++) {
            if ((sel & (1L << word)) == 0) {
                continue;
            }
            long active = s.pendingWord(word) & ~s.maskWord(word);
            for (int bit = 0; bit < s.width(); bit++) {
                int port = word * s.width() + bit;
                if ((active & (1L << bit)) != 0 && handles.test(port)) {
                    // The IRQ ack clears the pending bit.
                    s.setPending(port, false);
                    handled.add(port);
                }
            }
        }
        return handled;
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
