package io.fleetcompat.agent.guest;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.Errno;
import io.fleetcompat.agent.xen.HvmParam;
import io.fleetcompat.agent.xen.XenHost;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Linux guest kernel running in one domain (§7). It boots the way xen_init_IRQ does, binds its standard
 * channels, handles upcalls for the ABI it believes in, and can hibernate, resume, save and restore
 * ({@link LinuxLifecycle}). Whether events reach it is never decided here: it follows from Xen's state.
 */
public final class LinuxKernel {

    static final int VIRQ_TIMER = 0;
    static final int BOOT_CPU = 0;
    private static final int SHARED_LABEL_CPUS = 64;
    private static final String[] TIMER_LABELS = labels("timer");
    private static final String[] RESCHED_LABELS = labels("resched");
    private static final String[] CALLFUNC_LABELS = labels("callfunc");

    /** Boot parameters: {@code xen.fifo_events} and how many CPUs to bring up (empty: all vCPUs). */
    public record BootOptions(boolean fifoEvents, OptionalInt vcpus) {
        public static BootOptions defaults(KernelProfile profile) {
            return new BootOptions(profile.fifoEventsDefault(), OptionalInt.empty());
        }

        public BootOptions withFifoEvents(boolean value) {
            return new BootOptions(value, vcpus);
        }
    }

    public enum State {
        RUNNING, IMAGED, CRASHED
    }

    final XenHost host;
    final int domid;
    final KernelProfile profile;
    final boolean fifoEvents;
    final GuestPageAllocator pages;
    final GuestEventLayer events;
    final Set<Integer> onlineCpus = new TreeSet<>();
    private final List<String> log = new ArrayList<>();
    private State state = State.RUNNING;

    LinuxKernel(XenHost host, int domid, KernelProfile profile, boolean fifoEvents, GuestPageAllocator pages,
                GuestEventLayer events) {
        this.host = host;
        this.domid = domid;
        this.profile = profile;
        this.fifoEvents = fifoEvents;
        this.pages = pages;
        this.events = events;
    }

    /** A kernel loaded into the domain but not yet past xen_init_IRQ (for staged boots). */
    public static LinuxKernel load(XenHost host, int domid, KernelProfile profile, BootOptions options) {
        GuestPageAllocator pages = new GuestPageAllocator();
        return new LinuxKernel(host, domid, profile, options.fifoEvents(), pages,
                new GuestEventLayer(host, domid, pages));
    }

    /** The full §7.1 boot: init IRQ, bring up CPUs, bind the standard channels; published as Booted. */
    public static LinuxKernel boot(XenHost host, int domid, KernelProfile profile, BootOptions options) {
        LinuxKernel k = load(host, domid, profile, options);
        k.initIrq();
        k.bringUpCpus(options.vcpus().orElse(host.requireDomain(domid).maxVcpus()));
        k.bindStandardChannels();
        if (k.state() != State.CRASHED) {
            // A kernel that panicked while binding never reaches userspace: its Bug is the last word.
            k.publishBooted();
        }
        return k;
    }

    /** xen_init_IRQ: FIFO only when the kernel knows it and xen.fifo_events is on; masks all covered ports. */
    public void initIrq() {
        String line = events.initIrq(profile.fifoAware() && fifoEvents, BOOT_CPU);
        log.add(line);
        onlineCpus.add(BOOT_CPU);
    }

    /** Secondary CPUs: under FIFO each needs init_control; a failure keeps that CPU offline. */
    public void bringUpCpus(int count) {
        for (int cpu = 1; cpu < count; cpu++) {
            Optional<Errno> rc = events.cpuUp(cpu);
            if (rc.isPresent()) {
                log.add("CPU" + cpu + ": init_control failed (" + rc.get() + "), staying offline");
            } else {
                onlineCpus.add(cpu);
            }
        }
    }

    /** Per-CPU timer VIRQ and IPIs, then the toolstack's xenstore and console ports; a panic stops it there. */
    public void bindStandardChannels() {
        for (int cpu : onlineCpus) {
            String timer = label(TIMER_LABELS, "timer", cpu);
            String resched = label(RESCHED_LABELS, "resched", cpu);
            String callfunc = label(CALLFUNC_LABELS, "callfunc", cpu);
            if (panicked(events.bindVirq(VIRQ_TIMER, cpu, timer), timer).isPresent()
                    || panicked(events.bindIpi(cpu, resched), resched).isPresent()
                    || panicked(events.bindIpi(cpu, callfunc), callfunc).isPresent()) {
                return;
            }
        }
        bindToolstackPorts();
    }

    /** One label string per (name, CPU) for the usual CPU counts: every kernel and image shares them. */
    private static String label(String[] shared, String name, int cpu) {
        return cpu < shared.length ? shared[cpu] : name + cpu;
    }

    private static String[] labels(String name) {
        String[] all = new String[SHARED_LABEL_CPUS];
        for (int cpu = 0; cpu < all.length; cpu++) {
            all[cpu] = name + cpu;
        }
        return all;
    }

    /** The xenstore and console ports; the errno of a bind the kernel panicked on (it then stopped), if any. */
    Optional<Errno> bindToolstackPorts() {
        long xenstore = host.hvmParam(domid, HvmParam.STORE_EVTCHN);
        long console = host.hvmParam(domid, HvmParam.CONSOLE_EVTCHN);
        if (xenstore != 0) {
            Optional<Errno> panic = panicked(events.bindExisting((int) xenstore, "xenstore"), "xenstore");
            if (panic.isPresent()) {
                return panic;
            }
        }
        return console == 0 ? Optional.empty() : panicked(events.bindExisting((int) console, "console"), "console");
    }

    /**
     * A failed bind is logged and the kernel goes on, unless it panicked (§7.1: the first FIFO array page):
     * then it crashes at once and the bind's errno is returned.
     */
    private Optional<Errno> panicked(Optional<Errno> rc, String what) {
        rc.ifPresent(e -> log.add("failed to bind " + what + " (" + e + ")"));
        Optional<String> panic = events.panic();
        if (panic.isEmpty()) {
            return Optional.empty();
        }
        crash(panic.get(), rc);
        return rc;
    }

    void publishBooted() {
        host.publish(new GuestEvent.Booted(domid, profile.name(), abi(), abiLine(), List.copyOf(onlineCpus), log));
    }

    /** BUG()/panic: the kernel stops; published with the errno that caused it. */
    void crash(String reason, Optional<Errno> errno) {
        state = State.CRASHED;
        log.add("BUG: " + reason);
        host.publish(new GuestEvent.Bug(domid, reason, errno));
    }

    void markImaged() {
        state = State.IMAGED;
    }

    void addLog(String line) {
        log.add(line);
    }

    /** The ABI this kernel assumes (not necessarily Xen's). */
    public AbiMode abi() {
        return events.abi();
    }

    public String abiLine() {
        return abi() == AbiMode.FIFO ? GuestEventLayer.FIFO_LINE : GuestEventLayer.TWO_LEVEL_LINE;
    }

    public int domid() {
        return domid;
    }

    public KernelProfile profile() {
        return profile;
    }

    public List<String> log() {
        return List.copyOf(log);
    }

    public State state() {
        return state;
    }

    public Set<Integer> onlineCpus() {
        return Set.copyOf(onlineCpus);
    }

    public List<PortBinding> bindings() {
        return events.bindings();
    }

    /** The kernel's page allocator: after a resume it hands out frames Xen may still be writing into. */
    public GuestPageAllocator pages() {
        return pages;
    }

    /** The upcall handler on one vCPU, for the ABI this kernel assumes; returns the ports handled. */
    public List<Integer> consume(int vcpu) {
        return events.consume(vcpu);
    }

    /** One event on every owned channel, the handler on every online CPU (hv-console "probe"). */
    public ProbeResult probe() {
        ProbeResult r = events.probe(onlineCpus);
        host.publish(new GuestEvent.Probed(domid, r.sent(), r.handled(), r.upcalls(), r.healthy()));
        return r;
    }

    /** S4 (§7.3): the image records this kernel's memory and event layer; the domain is destroyed. */
    public GuestImage hibernate() {
        return LinuxLifecycle.hibernate(this);
    }

    /** A fresh boot kernel boots in {@code domid}, loads {@code image} and jumps into it (§7.3, §8). */
    public static LinuxLifecycle.ResumeResult resume(XenHost host, int domid, GuestImage image,
                                                     BootOptions bootOptions) {
        return LinuxLifecycle.resume(host, domid, image, bootOptions);
    }

    /** Save for restore or migration (§7.2): image taken, domain destroyed. */
    public GuestImage save() {
        return LinuxLifecycle.save(this);
    }

    /** The saved kernel continues in the already-created domain {@code domid} and rebuilds its event layer. */
    public static LinuxLifecycle.RestoreResult restore(XenHost host, int domid, GuestImage image) {
        return LinuxLifecycle.restore(host, domid, image);
    }
}
