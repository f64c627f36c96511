package io.fleetcompat.agent.guest;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.Errno;
import io.fleetcompat.agent.xen.EvtchnIn;
import io.fleetcompat.agent.xen.EvtchnOut;
import io.fleetcompat.agent.xen.EvtchnStatus;
import io.fleetcompat.agent.xen.OpResult;
import io.fleetcompat.agent.xen.XenHost;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.Set;
import java.util.TreeSet;

/**
 * A guest kernel's event-channel layer (Linux's events_base.c, shared with the Windows model): the ABI ops it
 * chose, the ports it believes it owns, and the handler. It only ever acts through hypercalls and its own
 * memory; it never asks Xen which ABI the domain is in.
 */
final class GuestEventLayer {

    static final String FIFO_LINE = "Using FIFO-based ABI";
    static final String TWO_LEVEL_LINE = "Using 2-level ABI";

    private final XenHost host;
    private final int domid;
    private final GuestPageAllocator pages;
    /** Index = port: the kernel's IRQ binding of that port, null where it has none (Linux's evtchn_to_irq). */
    private PortBinding[] bindings = new PortBinding[0];
    /** Index = CPU: the port of its timer VIRQ, 0 where none, so the 2-level handler finds it at once. */
    private int[] timerPorts = new int[0];
    private static final int MAX_CACHED_CPUS = 256;
    private IntPredicate[] boundTo = new IntPredicate[0];
    private GuestEvtchnOps ops;
    private Optional<String> panic = Optional.empty();

    GuestEventLayer(XenHost host, int domid, GuestPageAllocator pages) {
        this.host = host;
        this.domid = domid;
        this.pages = pages;
        this.ops = new GuestTwoLevel(host, domid);
    }

    /** The layer as an image recorded it: same ABI assumption, same port tables, same frames. */
    GuestEventLayer(XenHost host, int domid, GuestPageAllocator pages, GuestImage image) {
        this(host, domid, pages);
        this.ops = image.abi() == AbiMode.FIFO ? new GuestFifo(host, domid, pages, image.events())
                : new GuestTwoLevel(host, domid);
        image.bindings().forEach(this::put);
    }

    /**
     * xen_init_IRQ (§7.1): try FIFO for the boot CPU when asked; any error, or no frame, means 2-level. Then mask
     * every port the chosen ABI covers. Returns the ABI log line.
     */
    String initIrq(boolean tryFifo, int bootCpu) {
        ops = new GuestTwoLevel(host, domid);
        if (tryFifo) {
            GuestFifo fifo = new GuestFifo(host, domid, pages);
            if (fifo.initCpu(bootCpu).isEmpty()) {
                ops = fifo;
            }
        }
        ops.maskAll();
        return ops.abi() == AbiMode.FIFO ? FIFO_LINE : TWO_LEVEL_LINE;
    }

    /** A secondary CPU coming online: under FIFO it needs its own control block. */
    Optional<Errno> cpuUp(int cpu) {
        return ops instanceof GuestFifo ? ((GuestFifo) ops).initCpu(cpu) : Optional.empty();
    }

    AbiMode abi() {
        return ops.abi();
    }

    GuestEvtchnOps ops() {
        return ops;
    }

    Optional<String> panic() {
        return panic;
    }

    /** The kernel's bindings in port order. */
    List<PortBinding> bindings() {
        List<PortBinding> all = new ArrayList<>();
        for (PortBinding b : bindings) {
            if (b != null) {
                all.add(b);
            }
        }
        return List.copyOf(all);
    }

    void dropBindings() {
        bindings = new PortBinding[0];
        timerPorts = new int[0];
    }

    private void put(PortBinding b) {
        if (b.port() >= bindings.length) {
            bindings = Arrays.copyOf(bindings, Math.max(b.port() + 1, bindings.length * 2));
        }
        PortBinding old = bindings[b.port()];
        if (old != null && isTimer(old) && timerPorts[old.cpu()] == old.port()) {
            timerPorts[old.cpu()] = 0;
        }
        bindings[b.port()] = b;
        if (isTimer(b)) {
            if (b.cpu() >= timerPorts.length) {
                timerPorts = Arrays.copyOf(timerPorts, b.cpu() + 1);
            }
            timerPorts[b.cpu()] = b.port();
        }
    }

    private PortBinding binding(int port) {
        return port >= 0 && port < bindings.length ? bindings[port] : null;
    }

    private static boolean isTimer(PortBinding b) {
        return b.kind() == PortBinding.Kind.VIRQ && b.virq() == LinuxKernel.VIRQ_TIMER;
    }

    Optional<Errno> bindVirq(int virq, int cpu, String label) {
        OpResult<EvtchnOut.BindVirq> r = host.eventChannelOp(domid, new EvtchnIn.BindVirq(virq, cpu));
        if (!r.isOk()) {
            return r.errno();
        }
        return attach(PortBinding.virq(r.out().port(), virq, cpu, label), true);
    }

    Optional<Errno> bindIpi(int cpu, String label) {
        OpResult<EvtchnOut.BindIpi> r = host.eventChannelOp(domid, new EvtchnIn.BindIpi(cpu));
        if (!r.isOk()) {
            return r.errno();
        }
        return attach(PortBinding.ipi(r.out().port(), cpu, label), true);
    }

    /** bind_evtchn_to_irq for a port the toolstack created (xenstore, console): no hypercall. */
    Optional<Errno> bindExisting(int port, String label) {
        return attach(PortBinding.interdomain(port, label), false);
    }

    /** xen_evtchn_port_setup then enable (unmask); a failed setup closes a port the kernel bound itself. */
    private Optional<Errno> attach(PortBinding b, boolean closeOnFailure) {
        Optional<Errno> rc = ops.setup(b.port());
        if (rc.isPresent()) {
            // evtchn_fifo_setup decides at the error: no page added yet (not even by this call) is a panic.
            if (ops instanceof GuestFifo fifo && fifo.arrayEmpty()) {
                panic = Optional.of("event array: first page could not be added (" + rc.get() + ")");
            }
            if (closeOnFailure) {
                host.eventChannelOp(domid, new EvtchnIn.Close(b.port()));
            }
            return rc;
        }
        put(b);
        ops.unmask(b.port());
        return Optional.empty();
    }

    /**
     * The upcall handler on {@code cpu}: only ports this kernel bound to that CPU are handled, the CPU's timer
     * VIRQ first where the ABI does that (§3.4).
     */
    List<Integer> consume(int cpu) {
        int timer = cpu >= 0 && cpu < timerPorts.length ? timerPorts[cpu] : 0;
        return ops.handleEvents(cpu, boundTo(cpu), timer);
    }

    /** "Is this port one of mine, on this CPU": one predicate per CPU, made once. */
    private IntPredicate boundTo(int cpu) {
        if (cpu < 0 || cpu >= MAX_CACHED_CPUS) {
            return port -> isBound(port, cpu);
        }
        if (cpu >= boundTo.length) {
            boundTo = Arrays.copyOf(boundTo, cpu + 1);
        }
        if (boundTo[cpu] == null) {
            boundTo[cpu] = port -> isBound(port, cpu);
        }
        return boundTo[cpu];
    }

    private boolean isBound(int port, int cpu) {
        PortBinding b = binding(port);
        return b != null && b.cpu() == cpu;
    }

    /** One event per owned channel, sent the way its source would send it, then the handler on each CPU. */
    ProbeResult probe(Set<Integer> cpus) {
        long before = upcalls();
        List<Integer> sent = new ArrayList<>();
        for (PortBinding b : bindings) {
            if (b != null) {
                send(b);
                sent.add(b.port());
            }
        }
        Set<Integer> handled = new TreeSet<>();
        for (int cpu : cpus) {
            handled.addAll(consume(cpu));
        }
        return new ProbeResult(sent, List.copyOf(handled), upcalls() - before, handled.containsAll(sent));
    }

    private void send(PortBinding b) {
        switch (b.kind()) {
            case IPI:
                host.eventChannelOp(domid, new EvtchnIn.Send(b.port()));
                break;
            case VIRQ:
                host.sendVirq(domid, b.virq(), b.cpu());
                break;
            default:
                // The backend in the peer domain notifies us; a channel no longer interdomain gets nothing.
                OpResult<EvtchnOut.Status> st = host.eventChannelOp(domid,
                        new EvtchnIn.Status(io.fleetcompat.agent.xen.Domain.DOMID_SELF, b.port()));
                if (st.isOk() && st.out().status() == EvtchnStatus.INTERDOMAIN) {
                    host.eventChannelOp(st.out().dom(), new EvtchnIn.Send(st.out().port()));
                }
        }
    }

    private long upcalls() {
        return host.upcalls(domid);
    }
}
