package io.fleetcompat.agent.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetcompat.agent.guest.GuestEventHandler;
import io.fleetcompat.agent.guest.LinuxKernel;
import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.DomainView;
import io.fleetcompat.agent.xen.EventWord;
import io.fleetcompat.agent.xen.GuestMemory;
import io.fleetcompat.agent.xen.SharedInfo;
import io.fleetcompat.agent.xen.VcpuInfo;
import io.fleetcompat.agent.xen.XenHost;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code guest}: writes to guest-owned memory with no hypercall (shared-info bits, vcpu_info bytes, FIFO event
 * word bits), and {@code consume}, one run of the guest's upcall handler.
 */
final class GuestWriteHandler implements OpHandler {

    private static final Set<String> PORT_FIELDS = Set.of("op", "domid", "write", "port", "value");
    private static final Set<String> VCPU_FIELDS = Set.of("op", "domid", "write", "vcpu", "value");
    private static final Set<String> CONSUME_FIELDS = Set.of("op", "domid", "write", "vcpu");
    private static final List<String> WRITES = List.of("mask", "pending", "upcall_pending", "upcall_mask",
            "fifo_mask", "fifo_pending", "consume");

    private final ConsoleSession session;

    GuestWriteHandler(ConsoleSession session) {
        this.session = session;
    }

    @Override
    public ObjectNode handle(JsonFields line) {
        int domid = session.existingDomain("domid", line.domid("domid"));
        String write = line.string("write");
        XenHost host = session.host();
        switch (write) {
            case "mask", "pending" -> {
                line.onlyKnown(PORT_FIELDS);
                SharedInfo s = host.sharedInfo(domid);
                int port = sharedInfoPort(line, s);
                boolean value = line.flag("value");
                if (write.equals("mask")) {
                    s.setMask(port, value);
                } else {
                    s.setPending(port, value);
                }
            }
            case "upcall_pending", "upcall_mask" -> {
                line.onlyKnown(VCPU_FIELDS);
                VcpuInfo info = host.sharedInfo(domid).vcpuInfo(vcpu(line, domid));
                boolean value = line.flag("value");
                if (write.equals("upcall_pending")) {
                    info.setUpcallPending(value);
                } else {
                    info.setUpcallMask(value);
                }
            }
            case "fifo_mask", "fifo_pending" -> {
                line.onlyKnown(PORT_FIELDS);
                writeEventWordBit(line, domid, write.equals("fifo_mask") ? EventWord.MASKED : EventWord.PENDING);
            }
            case "consume" -> {
                line.onlyKnown(CONSUME_FIELDS);
                return Answers.ok().set("handled", Answers.ints(consume(domid, vcpu(line, domid))));
            }
            default -> throw new ConsoleInputException("write", "unknown guest write '" + write + "' (one of "
                    + WRITES + ")");
        }
        return Answers.ok();
    }

    /** The handler of the running kernel's ABI; with no kernel running, Linux's handler for Xen's ABI. */
    private List<Integer> consume(int domid, int vcpu) {
        Optional<LinuxKernel> kernel = session.kernel(domid).filter(k -> k.state() == LinuxKernel.State.RUNNING);
        return kernel.isPresent() ? kernel.get().consume(vcpu)
                : GuestEventHandler.consume(session.host(), domid, vcpu);
    }

    private void writeEventWordBit(JsonFields line, int domid, int bit) {
        long port = Integer.toUnsignedLong(line.u32("port", CType.EVTCHN_PORT));
        boolean value = line.flag("value");
        DomainView view = session.host().inspect(domid);
        long page = port / GuestMemory.WORDS_PER_PAGE;
        // No such word in guest memory: nothing to write, and no hypercall for Xen to answer.
        if (view.abi() != AbiMode.FIFO || page >= view.fifoArrayPages().size()) {
            throw new ConsoleInputException("port", "port " + port + " has no FIFO event word in domain " + domid
                    + " (abi " + view.abi().id() + ", " + view.fifoArrayPages().size() + " array pages)");
        }
        GuestMemory m = session.host().guestMemory(domid);
        long gfn = view.fifoArrayPages().get((int) page);
        int index = (int) (port % GuestMemory.WORDS_PER_PAGE);
        int word = m.readWord(gfn, index);
        m.writeWord(gfn, index, value ? word | bit : word & ~bit);
    }

    /** A bit of the shared-info bitmaps: a port beyond them has no bit to write (no hypercall, no errno). */
    private static int sharedInfoPort(JsonFields line, SharedInfo s) {
        int port = line.u32("port", CType.EVTCHN_PORT);
        if (!s.covers(port)) {
            throw new ConsoleInputException("port", "port " + Integer.toUnsignedString(port)
                    + " is outside the shared-info bitmaps (0.." + (s.bits() - 1) + ")");
        }
        return port;
    }

    /** A vcpu_info to write: a vCPU the domain lacks has none. */
    private int vcpu(JsonFields line, int domid) {
        int vcpu = line.u32("vcpu", CType.UINT32);
        if (session.host().requireDomain(domid).vcpu(vcpu).isEmpty()) {
            throw new ConsoleInputException("vcpu", "domain " + domid + " has no vcpu " + Integer.toUnsignedString(vcpu));
        }
        return vcpu;
    }
}
