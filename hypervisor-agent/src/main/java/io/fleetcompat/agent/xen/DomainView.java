package io.fleetcompat.agent.xen;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A read-only snapshot of one domain for the console and tests (hv-console.md "Inspecting state"). The
 * 2-level bits are always reported; FIFO fields only while Xen's ABI is FIFO.
 */
public record DomainView(int domid, AbiMode abi, int validPorts, List<String> flags, int controllerPauseCount,
                         List<Long> fifoArrayPages, List<VcpuView> vcpus, List<PortView> ports) {

    public DomainView {
        flags = List.copyOf(flags);
        fifoArrayPages = List.copyOf(fifoArrayPages);
        vcpus = List.copyOf(vcpus);
        ports = List.copyOf(ports);
    }

    public VcpuView vcpu(int id) {
        return vcpus.get(id);
    }

    /** The non-FREE port {@code port}, if listed. */
    public Optional<PortView> port(int port) {
        return ports.stream().filter(p -> p.port() == port).findFirst();
    }

    public record VcpuView(int id, boolean upcallPending, boolean upcallMask, long upcalls, long pendingSel,
                           int upcallVector, long vectorInjections, long callbackInjections,
                           Optional<ControlBlockView> controlBlock) {
    }

    public record ControlBlockView(long gfn, int offset, int ready, List<Integer> head) {
        public ControlBlockView {
            head = List.copyOf(head);
        }
    }

    /**
     * One port: Xen's channel state and notify vCPU, the 2-level pending/mask bits, and under FIFO the priority
     * and the event word (empty while the word's array page does not exist).
     */
    public record PortView(int port, ChannelState state, int vcpu, boolean xenAttached, boolean pending,
                           boolean masked, OptionalInt priority, Optional<EventWordView> word) {
    }

    public record EventWordView(boolean p, boolean m, boolean l, boolean b, int link) {
        static EventWordView of(int word) {
            return new EventWordView(EventWord.pending(word), EventWord.masked(word), EventWord.linked(word),
                    EventWord.busy(word), EventWord.link(word));
        }
    }
}
