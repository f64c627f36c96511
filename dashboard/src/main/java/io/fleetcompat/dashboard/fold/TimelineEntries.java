package io.fleetcompat.dashboard.fold;

import io.fleetcompat.dashboard.view.TimelineEntry;
import io.fleetcompat.schema.avro.DomainCreateRefused;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.DomainDestroyed;
import io.fleetcompat.schema.avro.DomainMigrated;
import io.fleetcompat.schema.avro.DomainRestored;
import io.fleetcompat.schema.avro.DomainSaved;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.GuestBooted;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.GuestResumeFailed;
import io.fleetcompat.schema.avro.GuestResumed;
import io.fleetcompat.schema.avro.HypercallResult;
import io.fleetcompat.schema.avro.PolicyAck;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** Turns a wire record into a one-line timeline step of the guest it concerns. */
public final class TimelineEntries {

    private TimelineEntries() {
    }

    /** Empty for records about no particular guest (a control-domain hypercall, a host-wide ack). */
    public static Optional<GuestStep> of(SpecificRecord record) {
        if (record instanceof DomainCreated e) {
            return step(e.getInstanceId(), e.getHeader(), "DomainCreated", created(e), null, e.getPolicyVersion());
        } else if (record instanceof GuestBooted e) {
            return step(e.getInstanceId(), e.getHeader(), "GuestBooted", "booted domid " + e.getDomid() + " with "
                    + e.getAbi() + " ABI (init_control rc " + e.getInitControlRc() + ")", null, null);
        } else if (record instanceof GuestHibernated e) {
            return step(e.getInstanceId(), e.getHeader(), "GuestHibernated", "hibernated to image " + e.getImageId()
                    + " recording " + e.getImageAbi() + " ABI", null, null);
        } else if (record instanceof GuestResumed e) {
            return step(e.getInstanceId(), e.getHeader(), "GuestResumed", "resumed image " + e.getImageId() + ": "
                    + (e.getHealthy() ? "healthy" : "unhealthy") + " (boot kernel " + e.getBootKernelAbi()
                    + ", image " + e.getImageAbi() + ", Xen " + e.getXenAbi() + ")",
                    e.getHealthy() ? "ok" : "failed", null);
        } else if (record instanceof GuestResumeFailed e) {
            return step(e.getInstanceId(), e.getHeader(), "GuestResumeFailed", "resume failed: " + e.getSymptom()
                    + " (image " + e.getImageAbi() + ", Xen " + e.getXenAbi() + ", " + e.getEventsSent() + " sent / "
                    + e.getEventsHandled() + " handled)", "failed", null);
        } else if (record instanceof DomainSaved e) {
            return step(e.getInstanceId(), e.getHeader(), "DomainSaved", "saved checkpoint " + e.getCheckpointId()
                    + " with " + e.getAbi() + " ABI", null, null);
        } else if (record instanceof DomainRestored e) {
            return step(e.getInstanceId(), e.getHeader(), "DomainRestored", "restored checkpoint "
                    + e.getCheckpointId() + " with " + e.getAbi() + " ABI, " + controls(e.getControls()), null, null);
        } else if (record instanceof DomainMigrated e) {
            return step(e.getInstanceId(), e.getHeader(), "DomainMigrated", "migrated to host "
                    + e.getDestinationHostId() + " with " + e.getAbi() + " ABI", null, null);
        } else if (record instanceof DomainDestroyed e) {
            return step(e.getInstanceId(), e.getHeader(), "DomainDestroyed", "destroyed domid " + e.getDomid() + " ("
                    + e.getReason() + ")", null, null);
        } else if (record instanceof DomainCreateRefused e) {
            return step(e.getInstanceId(), e.getHeader(), "DomainCreateRefused", "create refused (" + e.getCreateKind()
                    + "): " + e.getReason() + ", " + e.getDetail(), "failed", e.getPolicyVersion());
        } else if (record instanceof HypercallResult e) {
            return e.getInstanceId() == null ? Optional.empty() : step(e.getInstanceId(), e.getHeader(),
                    "HypercallResult", e.getHypercallName() + "/" + e.getCommandName() + " rc " + e.getRc()
                            + (e.getErrnoName() == null ? "" : " (" + e.getErrnoName() + ")"), null, null);
        } else if (record instanceof PolicyAck e) {
            return e.getDomain() == null ? Optional.empty() : step(e.getDomain().getInstanceId(), e.getHeader(),
                    "PolicyAck", "policy v" + e.getDirectiveVersion() + " " + e.getMode() + " " + e.getOutcome()
                            + (e.getRejectReason() == null ? "" : " (" + e.getRejectReason() + ")"),
                    null, e.getDirectiveVersion());
        }
        return Optional.empty();
    }

    /** An instance-level directive is a step of its guest; family directives belong to no single guest. */
    public static Optional<GuestStep> ofDirective(PolicyDirective d) {
        if (d.getTarget().getKind() != PolicyTargetKind.INSTANCE || d.getTarget().getInstanceId() == null) {
            return Optional.empty();
        }
        TimelineEntry entry = new TimelineEntry(d.getIssuedAt().toEpochMilli(), d.getDirectiveId(), null, null,
                "PolicyDirective", "policy v" + d.getVersion() + " " + d.getMode() + ": " + controls(d.getControls())
                + " because " + d.getReason().getCode() + " (" + d.getReason().getText() + "), evidence "
                + d.getEvidenceEventIds().size() + " event(s)", null, d.getVersion());
        return Optional.of(new GuestStep(d.getTarget().getInstanceId(), entry));
    }

    private static String created(DomainCreated e) {
        return "created domid " + e.getDomid() + " (" + e.getCreateKind() + ") kernel " + e.getKernel().getName()
                + (e.getKernel().getFifoAware() ? " (FIFO-aware)" : " (2-level only)") + ", " + flags(e) + ", "
                + controls(e.getControls()) + underPolicy(e);
    }

    /** The requested flags too when a policy (or sanitisation) changed them, so a removed flag is visible. */
    private static String flags(DomainCreated e) {
        List<String> granted = e.getGrantedFlags().getNames();
        List<String> requested = e.getRequestedFlags().getNames();
        return granted.equals(requested) ? "flags " + granted
                : "flags granted " + granted + " of requested " + requested;
    }

    /** Versions count per policy key, so the key says which directive's version it is. */
    private static String underPolicy(DomainCreated e) {
        if (e.getPolicyVersion() == null) {
            return "";
        }
        return ", under policy " + (e.getPolicyKey() == null ? "" : e.getPolicyKey() + " ") + "v"
                + e.getPolicyVersion();
    }

    static String controls(EvtchnControls c) {
        return "evtchn_fifo " + c.getEvtchnFifo() + ", evtchn_upcall " + c.getEvtchnUpcall();
    }

    private static Optional<GuestStep> step(String instanceId, EventHeader h, String kind, String summary,
                                            String outcome, Long policyVersion) {
        TimelineEntry entry = new TimelineEntry(h.getEventTime().toEpochMilli(), h.getEventId(), h.getHostId(),
                h.getXenProfile().name(), kind, summary, outcome, policyVersion);
        return Optional.of(new GuestStep(instanceId, entry));
    }
}
