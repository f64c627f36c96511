package io.fleetcompat.agent.host;

import io.fleetcompat.agent.guest.GuestImage;
import io.fleetcompat.agent.guest.LinuxKernel;
import io.fleetcompat.agent.guest.LinuxLifecycle;
import io.fleetcompat.agent.guest.ProbeResult;
import io.fleetcompat.agent.guest.WindowsPvKernel;
import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.HostConfig;
import io.fleetcompat.agent.xen.XenHost;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.ResumeFailureSymptom;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The toolstack of one host (real or simulated) around one {@link XenHost}: creates, restores and resumes
 * domains with flags from the host's capabilities, the defaults and the policy table, carries a domain's
 * controls across save/restore and migration, refuses what §7.4 shows would break a guest, and reports every
 * step to a {@link HostEventListener}. Guests are named by instance id; domids stay inside. Not thread-safe:
 * one caller drives a host, as one toolstack daemon does.
 */
public final class HostToolstack {

    private final HostIdentity identity;
    private final XenHost xen;
    private final HostEventListener listener;
    private final Clock clock;
    private final ToolstackOptions options;
    private final ModelWatcher watcher;
    private final DomainCreator creator;
    private final Map<String, RunningGuest> guests = new TreeMap<>();
    private final Map<Integer, String> instanceByDomid = new HashMap<>();
    private long imageCounter;

    public HostToolstack(String hostId, HostConfig config, PolicyLookup policies, HostEventListener listener,
                         Clock clock, ToolstackOptions options) {
        this.identity = HostIdentity.of(hostId, config);
        this.xen = new XenHost(config);
        this.listener = listener;
        this.clock = clock;
        this.options = options;
        this.watcher = new ModelWatcher(options.hypercalls(),
                domid -> Optional.ofNullable(instanceByDomid.get(domid)), this::emit);
        xen.addObserver(watcher);
        this.creator = new DomainCreator(identity, xen, policies, options.edgeFailsafe(), watcher, this::emit);
    }

    /** A toolstack with the default options and the system clock, as the agent runs it. */
    public static HostToolstack of(String hostId, HostConfig config, PolicyLookup policies,
                                   HostEventListener listener) {
        return new HostToolstack(hostId, config, policies, listener, Clock.systemUTC(), ToolstackOptions.DEFAULTS);
    }

    /** Creates a domain and boots the guest's kernel in it (the guest's birth certificate: GuestBooted). */
    public LifecycleOutcome bootFresh(GuestSpec guest) {
        if (guests.containsKey(guest.instanceId())) {
            return LifecycleOutcome.NOT_APPLICABLE;
        }
        Optional<DomainCreator.Created> created = creator.create(guest, CreateKind.FRESH_BOOT, Controls.UNSET,
                Optional.empty(), Optional.empty());
        if (created.isEmpty()) {
            return LifecycleOutcome.REFUSED;
        }
        int domid = created.get().domid();
        instanceByDomid.put(domid, guest.instanceId());
        RunningGuest.BootedKernel kernel;
        String line;
        if (guest.isWindows()) {
            WindowsPvKernel k = WindowsPvKernel.boot(xen, domid, guest.kernel());
            kernel = new RunningGuest.BootedKernel.Windows(k);
            line = k.log().get(0);
        } else {
            LinuxKernel k = LinuxKernel.boot(xen, domid, guest.kernel(), LinuxKernel.BootOptions.defaults(guest.kernel()));
            kernel = new RunningGuest.BootedKernel.Linux(k);
            line = ModelMapping.LINUX_LOG_PREFIX + k.abiLine();
            if (k.state() == LinuxKernel.State.CRASHED) {
                destroyDomain(guest.instanceId(), domid, DestroyReason.CRASHED);
                return LifecycleOutcome.GUEST_CRASHED;
            }
        }
        emit((host, time) -> new HostEvent.GuestBooted(host, time, guest.instanceId(), domid,
                ModelMapping.abi(kernel.abi()), watcher.bootInitControlRc(domid), line));
        guests.put(guest.instanceId(), new RunningGuest(guest, domid, created.get().controls(), kernel, false));
        return LifecycleOutcome.DONE;
    }

    /** S4 (§7.3): the image records the kernel's ABI; the domain goes away. Linux guests that run normally only. */
    public Optional<HibernatedGuest> hibernate(String instanceId) {
        Optional<RunningGuest> g = imageable(instanceId);
        if (g.isEmpty()) {
            return Optional.empty();
        }
        int domid = g.get().domid();
        // What Xen knew as the domain went down: the ABI it had engaged, never read from inside the image.
        ImageRecord record = new ImageRecord(nextImageId("hibernation"), xen.requireDomain(domid).abi());
        GuestImage image = g.get().linux().hibernate();
        emit((host, time) -> new HostEvent.GuestHibernated(host, time, instanceId, domid, record.imageId(),
                ModelMapping.abi(record.shutdownAbi())));
        forget(instanceId, domid, DestroyReason.HIBERNATED);
        return Optional.of(new HibernatedGuest(g.get().spec(), record, identity.hostId(), image));
    }

    /**
     * A new domain (policy applies: this is where a deny directive prevents §8), a fresh boot kernel, then the
     * image. Reports GuestResumed when the resumed kernel handles its events, GuestResumeFailed when not.
     */
    public LifecycleOutcome resumeFromHibernation(HibernatedGuest hibernated) {
        GuestSpec guest = hibernated.spec();
        if (guests.containsKey(guest.instanceId())) {
            return LifecycleOutcome.NOT_APPLICABLE;
        }
        Optional<DomainCreator.Created> created = creator.create(guest, CreateKind.RESUME_FROM_HIBERNATION,
                Controls.UNSET, Optional.empty(), Optional.of(hibernated.record()));
        if (created.isEmpty()) {
            return LifecycleOutcome.REFUSED;
        }
        int domid = created.get().domid();
        instanceByDomid.put(domid, guest.instanceId());
        GuestImage image = hibernated.image();
        LinuxLifecycle.ResumeResult r = LinuxKernel.resume(xen, domid, image,
                new LinuxKernel.BootOptions(image.fifoEvents(), OptionalInt.empty()));
        boolean healthy = r.health().healthy();
        if (healthy) {
            emit((host, time) -> new HostEvent.GuestResumed(host, time, guest.instanceId(), domid,
                    hibernated.imageId(), ModelMapping.abi(r.bootAbi()), ModelMapping.abi(r.resumedAbi()),
                    ModelMapping.abi(r.xenAbi()), true));
        } else {
            reportHungResume(hibernated, domid, r);
        }
        guests.put(guest.instanceId(), new RunningGuest(guest, domid, created.get().controls(),
                new RunningGuest.BootedKernel.Linux(r.kernel()), !healthy));
        return healthy ? LifecycleOutcome.DONE : LifecycleOutcome.RESUMED_HUNG;
    }

    /** Checkpoint (§7.2): the image and the domain's controls; the domain goes away. */
    public Optional<Checkpoint> save(String instanceId) {
        Optional<RunningGuest> g = imageable(instanceId);
        if (g.isEmpty()) {
            return Optional.empty();
        }
        int domid = g.get().domid();
        Controls controls = g.get().controls();
        GuestImage image = g.get().linux().save();
        String checkpointId = nextImageId("checkpoint");
        emit((host, time) -> new HostEvent.DomainSaved(host, time, instanceId, domid, checkpointId,
                ModelMapping.abi(image.abi()), controls));
        forget(instanceId, domid, DestroyReason.SAVED);
        return Optional.of(new Checkpoint(g.get().spec(), checkpointId, identity.hostId(), controls, image));
    }

    /** Restores a checkpoint into a new domain with its carried controls; refused when §7.4 would BUG it. */
    public LifecycleOutcome restore(Checkpoint checkpoint) {
        return restoreAs(checkpoint, CreateKind.RESTORE);
    }

    /** The sending half of a migration: the guest is saved into a stream that carries its controls. */
    public Optional<Checkpoint> migrateOut(String instanceId, String destinationHostId) {
        Optional<RunningGuest> g = imageable(instanceId);
        if (g.isEmpty()) {
            return Optional.empty();
        }
        int domid = g.get().domid();
        Controls controls = g.get().controls();
        GuestImage image = g.get().linux().save();
        String streamId = nextImageId("migration");
        emit((host, time) -> new HostEvent.DomainMigrated(host, time, instanceId, domid, destinationHostId,
                OptionalInt.empty(), ModelMapping.abi(image.abi()), controls));
        forget(instanceId, domid, DestroyReason.MIGRATED_OUT);
        return Optional.of(new Checkpoint(g.get().spec(), streamId, identity.hostId(), controls, image));
    }

    /** The receiving half of a migration. */
    public LifecycleOutcome migrateIn(Checkpoint stream) {
        return restoreAs(stream, CreateKind.MIGRATION_IN);
    }

    /**
     * Both halves in one process: the destination's interlock is asked first, so a refused migration leaves the
     * guest running here instead of stranding its stream.
     */
    public LifecycleOutcome migrateTo(String instanceId, HostToolstack destination) {
        Optional<RunningGuest> g = imageable(instanceId);
        if (g.isEmpty()) {
            return LifecycleOutcome.NOT_APPLICABLE;
        }
        if (destination.options.fifoRestoreInterlock()
                && destination.creator.refusesIncoming(g.get().spec(), g.get().controls(), g.get().kernel().abi())) {
            return LifecycleOutcome.REFUSED;
        }
        return destination.migrateIn(migrateOut(instanceId, destination.hostId()).orElseThrow());
    }

    /** Tears the guest's domain down; false when the guest has none here. */
    public boolean destroy(String instanceId, DestroyReason reason) {
        RunningGuest g = guests.get(instanceId);
        if (g == null) {
            return false;
        }
        destroyDomain(instanceId, g.domid(), reason);
        return true;
    }

    private LifecycleOutcome restoreAs(Checkpoint c, CreateKind kind) {
        GuestSpec guest = c.spec();
        if (guests.containsKey(guest.instanceId())) {
            return LifecycleOutcome.NOT_APPLICABLE;
        }
        Optional<AbiMode> engaged = options.fifoRestoreInterlock() ? Optional.of(c.abi()) : Optional.empty();
        Optional<DomainCreator.Created> created = creator.create(guest, kind, c.controls(), engaged, Optional.empty());
        if (created.isEmpty()) {
            return LifecycleOutcome.REFUSED;
        }
        int domid = created.get().domid();
        instanceByDomid.put(domid, guest.instanceId());
        LinuxLifecycle.RestoreResult r = LinuxKernel.restore(xen, domid, c.image());
        if (r.bug()) {
            String bug = watcher.bug(domid).orElse("BUG during restore");
            emit((host, time) -> new HostEvent.GuestResumeFailed(host, time, guest.instanceId(), domid,
                    Optional.of(c.checkpointId()), ModelMapping.restoreBug(bug), ModelMapping.abi(c.abi()),
                    ModelMapping.abi(r.xenAbi()), 0, 0, 0, Optional.of("BUG: " + bug + " (rc " + r.rc() + ")")));
            destroyDomain(guest.instanceId(), domid, DestroyReason.CRASHED);
            return LifecycleOutcome.GUEST_CRASHED;
        }
        Optional<String> source = c.sourceHostId().equals(identity.hostId()) ? Optional.empty()
                : Optional.of(c.sourceHostId());
        Controls controls = created.get().controls();
        emit((host, time) -> new HostEvent.DomainRestored(host, time, guest.instanceId(), domid, c.checkpointId(),
                source, ModelMapping.abi(r.abi()), controls));
        guests.put(guest.instanceId(), new RunningGuest(guest, domid, controls,
                new RunningGuest.BootedKernel.Linux(r.kernel()), false));
        return LifecycleOutcome.DONE;
    }

    private void reportHungResume(HibernatedGuest hibernated, int domid, LinuxLifecycle.ResumeResult r) {
        ProbeResult health = r.health();
        boolean raisedNotHandled = health.upcalls() > 0 && health.handled().isEmpty();
        ResumeFailureSymptom symptom = raisedNotHandled ? ResumeFailureSymptom.EVENTS_RAISED_NOT_HANDLED
                : ResumeFailureSymptom.UNKNOWN;
        String detail = String.format("boot kernel %s, resume kernel %s, Xen %s: %d upcalls, %d of %d events handled",
                r.bootAbi().id(), r.resumedAbi().id(), r.xenAbi().id(), health.upcalls(), health.handled().size(),
                health.sent().size());
        emit((host, time) -> new HostEvent.GuestResumeFailed(host, time, hibernated.spec().instanceId(), domid,
                Optional.of(hibernated.imageId()), symptom, ModelMapping.abi(r.resumedAbi()),
                ModelMapping.abi(r.xenAbi()), health.upcalls(), health.sent().size(), health.handled().size(),
                Optional.of(detail)));
    }

    /** A running Linux guest whose kernel can take an image; a hung one cannot cooperate. */
    private Optional<RunningGuest> imageable(String instanceId) {
        return Optional.ofNullable(guests.get(instanceId)).filter(g -> g.isLinux() && !g.hung());
    }

    private void destroyDomain(String instanceId, int domid, DestroyReason reason) {
        xen.destroyDomain(domid);
        forget(instanceId, domid, reason);
    }

    /** The domain is gone (the kernel model destroyed it, or we did): report it and drop the bookkeeping. */
    private void forget(String instanceId, int domid, DestroyReason reason) {
        emit((host, time) -> new HostEvent.DomainDestroyed(host, time, instanceId, domid, reason));
        guests.remove(instanceId);
        instanceByDomid.remove(domid);
        watcher.forget(domid);
    }

    private String nextImageId(String kind) {
        return identity.hostId() + "/" + kind + "-" + (++imageCounter);
    }

    private void emit(EventSink.Stamped event) {
        listener.onEvent(event.build(identity, clock.millis()));
    }

    public HostIdentity identity() {
        return identity;
    }

    public String hostId() {
        return identity.hostId();
    }

    /** The model, for inspection (host.inspect(domid)) by tests and the console. */
    public XenHost xen() {
        return xen;
    }

    public OptionalInt domidOf(String instanceId) {
        RunningGuest g = guests.get(instanceId);
        return g == null ? OptionalInt.empty() : OptionalInt.of(g.domid());
    }

    /** The controls the guest's current domain was created with. */
    public Optional<Controls> controlsOf(String instanceId) {
        return Optional.ofNullable(guests.get(instanceId)).map(RunningGuest::controls);
    }

    public boolean isHung(String instanceId) {
        RunningGuest g = guests.get(instanceId);
        return g != null && g.hung();
    }

    /** Guests with a domain here, in instance-id order. */
    public List<String> runningGuests() {
        return List.copyOf(guests.keySet());
    }
}
