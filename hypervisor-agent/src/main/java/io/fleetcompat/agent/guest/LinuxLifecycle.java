package io.fleetcompat.agent.guest;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.Errno;
import io.fleetcompat.agent.xen.XenHost;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Hibernation (§7.3) and save/restore (§7.2) of a {@link LinuxKernel}. */
public final class LinuxLifecycle {

    private LinuxLifecycle() {
    }

    /** What a resume left running: the resume kernel, the three ABIs of the hazard, and its first probe. */
    public record ResumeResult(LinuxKernel kernel, AbiMode bootAbi, AbiMode resumedAbi, AbiMode xenAbi,
                               List<String> bootLog, ProbeResult health) {
        public ResumeResult {
            bootLog = List.copyOf(bootLog);
        }
    }

    /** {@code rc} is 0, or the negative errno of the re-init hypercall whose failure was a BUG. */
    public record RestoreResult(LinuxKernel kernel, int rc, boolean bug, AbiMode abi, AbiMode xenAbi) {
    }

    static GuestImage hibernate(LinuxKernel k) {
        GuestImage image = snapshot(k, GuestImage.Kind.HIBERNATION);
        k.host.destroyDomain(k.domid);
        k.markImaged();
        k.host.publish(new GuestEvent.Hibernated(k.domid, image.id(), image.abi()));
        return image;
    }

    static GuestImage save(LinuxKernel k) {
        GuestImage image = snapshot(k, GuestImage.Kind.SAVE);
        k.host.destroyDomain(k.domid);
        k.markImaged();
        k.host.publish(new GuestEvent.Saved(k.domid, image.id(), image.abi()));
        return image;
    }

    private static GuestImage snapshot(LinuxKernel k, GuestImage.Kind kind) {
        return new GuestImage(imageId(), kind, k.profile, k.fifoEvents, k.onlineCpus,
                k.bindings(), k.events.ops().state(), k.pages.state(), k.host.guestMemory(k.domid).snapshot(),
                k.host.requireDomain(k.domid).flags());
    }

    /** A random (version 4) UUID; it names an image, so it needs no cryptographic source. */
    private static String imageId() {
        ThreadLocalRandom rng = ThreadLocalRandom.current();
        long high = (rng.nextLong() & ~0xF000L) | 0x4000L;
        long low = (rng.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | Long.MIN_VALUE;
        return new UUID(high, low).toString();
    }

    /**
     * §7.3: the boot kernel runs the normal boot path (engaging FIFO if Xen lets it), then loads the image over
     * guest memory and jumps. No event-channel hypercall is made on the way; the resume kernel continues with
     * the image's ABI and port tables, and its allocator owns the frames the boot kernel gave Xen.
     */
    static ResumeResult resume(XenHost host, int domid, GuestImage image, LinuxKernel.BootOptions bootOptions) {
        LinuxKernel boot = LinuxKernel.boot(host, domid, image.profile(), bootOptions);
        if (boot.state() == LinuxKernel.State.CRASHED) {
            ProbeResult none = new ProbeResult(List.of(), List.of(), 0, false);
            return new ResumeResult(boot, boot.abi(), image.abi(), host.requireDomain(domid).abi(), boot.log(), none);
        }
        host.guestMemory(domid).load(image.memory());
        LinuxKernel resumed = fromImage(host, domid, image);
        resumed.addLog("resumed from hibernation image " + image.id());
        ProbeResult health = resumed.probe();
        AbiMode xenAbi = host.requireDomain(domid).abi();
        host.publish(new GuestEvent.Resumed(domid, image.id(), boot.abi(), image.abi(), xenAbi, health.healthy()));
        return new ResumeResult(resumed, boot.abi(), image.abi(), xenAbi, boot.log(), health);
    }

    /**
     * §7.2: the guest continues in a new domain, so the event layer is rebuilt: the ABI resume hook (FIFO
     * re-issues init_control per online CPU; failure is a BUG), all ports masked, per-CPU VIRQs and IPIs
     * re-bound (failure is a BUG), then the toolstack's xenstore/console ports.
     */
    static RestoreResult restore(XenHost host, int domid, GuestImage image) {
        host.guestMemory(domid).load(image.memory());
        LinuxKernel k = fromImage(host, domid, image);
        Optional<Errno> rc = k.events.ops().resume(k.onlineCpus);
        if (rc.isPresent()) {
            k.crash("xen_evtchn_resume: EVTCHNOP_init_control failed", rc);
            return restored(host, image, k, rc.get().rc(), true);
        }
        k.events.ops().maskAll();
        k.events.dropBindings();
        for (PortBinding b : image.bindings()) {
            Optional<Errno> bind = rebind(k, b);
            if (bind.isPresent()) {
                k.crash("failed to re-bind " + b.label(), bind);
                return restored(host, image, k, bind.get().rc(), true);
            }
        }
        Optional<Errno> panic = k.bindToolstackPorts();
        if (panic.isPresent()) {
            return restored(host, image, k, panic.get().rc(), true);
        }
        return restored(host, image, k, 0, false);
    }

    private static Optional<Errno> rebind(LinuxKernel k, PortBinding b) {
        switch (b.kind()) {
            case VIRQ:
                return k.events.bindVirq(b.virq(), b.cpu(), b.label());
            case IPI:
                return k.events.bindIpi(b.cpu(), b.label());
            default:
                // Interdomain channels come back from the toolstack, not from the image.
                return Optional.empty();
        }
    }

    private static RestoreResult restored(XenHost host, GuestImage image, LinuxKernel k, int rc, boolean bug) {
        AbiMode xenAbi = host.requireDomain(k.domid).abi();
        host.publish(new GuestEvent.Restored(k.domid, image.id(), rc, k.abi(), xenAbi));
        return new RestoreResult(k, rc, bug, k.abi(), xenAbi);
    }

    private static LinuxKernel fromImage(XenHost host, int domid, GuestImage image) {
        GuestPageAllocator pages = new GuestPageAllocator(image.allocator());
        LinuxKernel k = new LinuxKernel(host, domid, image.profile(), image.fifoEvents(), pages,
                new GuestEventLayer(host, domid, pages, image));
        k.onlineCpus.addAll(image.onlineCpus());
        return k;
    }
}
