package io.fleetcompat.agent.host;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.CreateFlagLayout;
import io.fleetcompat.agent.xen.DomainConfig;
import io.fleetcompat.agent.xen.Toolstack;
import io.fleetcompat.agent.xen.XenEvent;
import io.fleetcompat.agent.xen.XenHost;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.EvtchnAbi;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One create of any kind: looks the directive up, plans the flags, refuses with a reason or calls createdomain
 * through libxl (which also pre-creates the xenstore and console channels), and reports DomainCreated or
 * DomainCreateRefused plus the PolicyAck.
 */
final class DomainCreator {

    /** A domain that now exists, with the controls it was created with. */
    record Created(int domid, Controls controls) {
    }

    private final HostIdentity identity;
    private final XenHost xen;
    private final Toolstack libxl;
    private final CreateFlagPlanner planner;
    private final PolicyLookup policies;
    private final EdgeFailsafe edgeFailsafe;
    private final ModelWatcher watcher;
    private final EventSink sink;

    DomainCreator(HostIdentity identity, XenHost xen, PolicyLookup policies, EdgeFailsafe edgeFailsafe,
                  ModelWatcher watcher, EventSink sink) {
        this.identity = identity;
        this.xen = xen;
        this.libxl = new Toolstack(xen);
        this.planner = new CreateFlagPlanner(xen.config(), libxl);
        this.policies = policies;
        this.edgeFailsafe = edgeFailsafe;
        this.watcher = watcher;
        this.sink = sink;
    }

    /**
     * @param carried    the saved domain's controls (UNSET unless restoring or migrating in)
     * @param engagedAbi the ABI a restored guest re-engages; empty when a fresh kernel boots (or the §7.4
     *                   interlock is off)
     * @param image      the record of the image a resume from hibernation boots into; empty for other creates
     */
    Optional<Created> create(GuestSpec guest, CreateKind kind, Controls carried, Optional<AbiMode> engagedAbi,
                             Optional<ImageRecord> image) {
        FlagPlan plan = plan(guest, kind, carried, engagedAbi, image);
        if (plan.refusal().isPresent()) {
            refuse(guest, kind, plan, plan.refusal().get());
            return Optional.empty();
        }
        DomainConfig cfg = DomainConfig.of(DomainConfig.AUTO_DOMID, plan.createFlags(), guest.vcpus())
                .withGuestWidth(guest.kernel().guestWidth());
        Optional<Toolstack.Guest> created = libxl.createGuest(cfg);
        if (created.isEmpty()) {
            // No ack: the directive was not the cause, and nothing was created under it.
            XenEvent.DomainCreated rejected = watcher.lastCreate().orElseThrow();
            refuse(guest, kind, plan.withoutVerdict(), new Refusal(ModelMapping.xenRefusal(rejected.reason()),
                    OptionalInt.of(rejected.rc()), "createdomain refused: " + rejected.reason()));
            return Optional.empty();
        }
        int domid = created.get().domid();
        watcher.forget(domid);
        CreateFlagLayout layout = xen.profile().flagLayout();
        int granted = xen.requireDomain(domid).flags();
        sink.emit((host, time) -> new HostEvent.DomainCreated(host, time, guest.instanceId(), domid,
                KernelDescriptor.of(guest.kernel(), guest.kernel().fifoEventsDefault()),
                FlagSet.of(layout, plan.requestedFlags()), FlagSet.of(layout, granted), plan.controls(),
                plan.decidingPolicy(), kind, image.map(ImageRecord::imageId),
                image.map(r -> ModelMapping.abi(r.shutdownAbi())).orElse(EvtchnAbi.UNKNOWN), plan.edgeFailsafe()));
        HostEvent.DomainRef ref = new HostEvent.DomainRef(identity.hostId(), domid, guest.instanceId());
        plan.verdict().ifPresent(v -> ack(v, Optional.of(ref)));
        return Optional.of(new Created(domid, plan.controls()));
    }

    /**
     * Runs only the §7.4 interlock for a guest about to arrive: reports and returns true when this host would
     * refuse it, so a migration can be abandoned before the source domain is torn down.
     */
    boolean refusesIncoming(GuestSpec guest, Controls carried, AbiMode engagedAbi) {
        FlagPlan plan = plan(guest, CreateKind.MIGRATION_IN, carried, Optional.of(engagedAbi), Optional.empty());
        plan.refusal().ifPresent(r -> refuse(guest, CreateKind.MIGRATION_IN, plan, r));
        return plan.refusal().isPresent();
    }

    private FlagPlan plan(GuestSpec guest, CreateKind kind, Controls carried, Optional<AbiMode> engagedAbi,
                          Optional<ImageRecord> image) {
        Optional<AppliedPolicy> policy = policies.find(new CreateContext(guest.instanceId(), guest.policyFamily(),
                identity.hostId(), identity.profile(), kind, image));
        return planner.plan(guest, carried, policy, engagedAbi, image,
                edgeFailsafe.modeFor(guest.instanceId(), guest.policyFamily()));
    }

    private void refuse(GuestSpec guest, CreateKind kind, FlagPlan plan, Refusal refusal) {
        CreateFlagLayout layout = xen.profile().flagLayout();
        Optional<PolicyRef> involved = plan.verdict().map(v -> v.policy().ref());
        sink.emit((host, time) -> new HostEvent.DomainCreateRefused(host, time, guest.instanceId(), kind,
                FlagSet.of(layout, plan.createFlags()), plan.controls(), refusal.reason(), refusal.rc(),
                refusal.detail(), involved));
        plan.verdict().ifPresent(v -> ack(v, Optional.empty()));
    }

    private void ack(PolicyVerdict v, Optional<HostEvent.DomainRef> domain) {
        sink.emit((host, time) -> new HostEvent.PolicyAck(host, time, v.policy(), v.outcome(), v.rejectReason(),
                Optional.of(v.detail()), domain,
                v.outcome() == AckOutcome.REJECTED ? Optional.empty() : Optional.of(v.controls())));
    }
}
