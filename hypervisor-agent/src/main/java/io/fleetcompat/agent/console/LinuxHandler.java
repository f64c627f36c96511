package io.fleetcompat.agent.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetcompat.agent.guest.GuestImage;
import io.fleetcompat.agent.guest.KernelProfile;
import io.fleetcompat.agent.guest.LinuxKernel;
import io.fleetcompat.agent.guest.LinuxLifecycle;
import io.fleetcompat.agent.xen.Domain;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code linux}: guest-kernel steps of xen-evtchn-model.md §7 with a FIFO-aware Linux (5.10). The session keeps
 * the kernel running in each domain; booting again in a domain replaces it without telling Xen, as kexec does.
 */
final class LinuxHandler implements OpHandler {

    static final KernelProfile KERNEL = KernelProfile.LINUX_5_10;
    private static final Set<String> BOOT_FIELDS = Set.of("op", "domid", "action", "fifo_events", "vcpus");
    private static final Set<String> DOMAIN_FIELDS = Set.of("op", "domid", "action");
    private static final Set<String> RESTORE_FIELDS = Set.of("op", "domid", "action", "image");
    private static final Set<String> RESUME_FIELDS = Set.of("op", "domid", "action", "image", "fifo_events");
    private static final List<String> ACTIONS = List.of("boot", "hibernate", "resume", "save", "restore", "probe");

    private final ConsoleSession session;

    LinuxHandler(ConsoleSession session) {
        this.session = session;
    }

    @Override
    public ObjectNode handle(JsonFields line) {
        int domid = session.existingDomain("domid", line.domid("domid"));
        String action = line.string("action");
        switch (action) {
            case "boot":
                line.onlyKnown(BOOT_FIELDS);
                return boot(line, domid);
            case "hibernate":
                line.onlyKnown(DOMAIN_FIELDS);
                return imaged(domid, running(domid).hibernate());
            case "save":
                line.onlyKnown(DOMAIN_FIELDS);
                return imaged(domid, running(domid).save());
            case "resume":
                line.onlyKnown(RESUME_FIELDS);
                return resume(line, domid);
            case "restore":
                line.onlyKnown(RESTORE_FIELDS);
                return restore(line, domid);
            case "probe":
                line.onlyKnown(DOMAIN_FIELDS);
                return LinuxRenderer.probe(Answers.ok(), running(domid).probe());
            default:
                throw new ConsoleInputException("action", "unknown linux action '" + action + "' (one of " + ACTIONS
                        + ")");
        }
    }

    private ObjectNode boot(JsonFields line, int domid) {
        Domain d = session.host().requireDomain(domid);
        OptionalInt vcpus = OptionalInt.empty();
        if (line.has("vcpus")) {
            // How many CPUs the kernel brings up: a boot parameter of the model's kernel, not a Xen field.
            long n = line.longValue("vcpus");
            if (n < 1 || n > d.maxVcpus()) {
                throw new ConsoleInputException("vcpus", "must be 1.." + d.maxVcpus() + " for domain " + domid
                        + ", got " + n);
            }
            vcpus = OptionalInt.of((int) n);
        }
        LinuxKernel.BootOptions options = new LinuxKernel.BootOptions(line.flag("fifo_events", true), vcpus);
        LinuxKernel kernel = LinuxKernel.boot(session.host(), domid, KERNEL, options);
        session.setKernel(domid, kernel);
        return LinuxRenderer.boot(kernel);
    }

    /** hibernate and save: the image is kept under the next session id; the domain is gone. */
    private ObjectNode imaged(int domid, GuestImage image) {
        session.domainGone(domid);
        return LinuxRenderer.imaged(session.addImage(image), image);
    }

    private ObjectNode resume(JsonFields line, int domid) {
        GuestImage image = image(line, GuestImage.Kind.HIBERNATION, "resume");
        LinuxKernel.BootOptions boot = LinuxKernel.BootOptions.defaults(image.profile())
                .withFifoEvents(line.flag("fifo_events", image.profile().fifoEventsDefault()));
        LinuxLifecycle.ResumeResult r = LinuxKernel.resume(session.host(), domid, image, boot);
        session.setKernel(domid, r.kernel());
        return LinuxRenderer.resume(r);
    }

    private ObjectNode restore(JsonFields line, int domid) {
        GuestImage image = image(line, GuestImage.Kind.SAVE, "restore");
        LinuxLifecycle.RestoreResult r = LinuxKernel.restore(session.host(), domid, image);
        session.setKernel(domid, r.kernel());
        return LinuxRenderer.restore(r);
    }

    private GuestImage image(JsonFields line, GuestImage.Kind kind, String action) {
        String id = line.string("image");
        GuestImage image = session.image("image", id);
        if (image.kind() != kind) {
            throw new ConsoleInputException("image", id + " is a " + image.kind().name().toLowerCase(Locale.ROOT)
                    + " image; " + action + " needs a " + kind.name().toLowerCase(Locale.ROOT) + " image");
        }
        return image;
    }

    private LinuxKernel running(int domid) {
        LinuxKernel k = session.kernel(domid).orElseThrow(() -> new ConsoleInputException("domid",
                "no guest kernel runs in domain " + domid + " (linux boot, resume or restore first)"));
        if (k.state() != LinuxKernel.State.RUNNING) {
            throw new ConsoleInputException("domid", "the guest kernel in domain " + domid + " has "
                    + (k.state() == LinuxKernel.State.CRASHED ? "crashed (BUG)" : "stopped"));
        }
        return k;
    }
}
