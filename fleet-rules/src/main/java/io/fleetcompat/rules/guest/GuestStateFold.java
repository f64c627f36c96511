package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.EventHeaders;
import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.DomainCreateRefused;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.DomainDestroyed;
import io.fleetcompat.schema.avro.DomainMigrated;
import io.fleetcompat.schema.avro.DomainRestored;
import io.fleetcompat.schema.avro.DomainSaved;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.GuestBooted;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.GuestResumeFailed;
import io.fleetcompat.schema.avro.GuestResumed;
import io.fleetcompat.schema.avro.HypercallResult;
import io.fleetcompat.schema.avro.PolicyAck;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The event-sourced fold: {@code apply(state, event)} returns the next guest state, with one step per event
 * type (KRaft's image + delta shape). Pure: no Kafka, no clock; validation happens before
 * ({@link EventValidator}), detection after.
 */
public final class GuestStateFold {

    /** -ENOSPC: no free port (xen-evtchn-model.md, scenario 13/14). */
    public static final long ENOSPC = -28;

    private final int dedupWindowPerHost;
    private final int timelineKept;

    public GuestStateFold(int dedupWindowPerHost, int timelineKept) {
        this.dedupWindowPerHost = dedupWindowPerHost;
        this.timelineKept = timelineKept;
    }

    public GuestState apply(GuestState state, SpecificRecord event) {
        EventHeader header = EventHeaders.headerOf(event)
                .orElseThrow(() -> new IllegalArgumentException("not an agent event: " + event.getSchema().getName()));
        GuestState next;
        if (event instanceof DomainCreated e) {
            next = applyDomainCreated(state, e);
        } else if (event instanceof GuestBooted e) {
            next = applyGuestBooted(state, e);
        } else if (event instanceof GuestHibernated e) {
            next = applyGuestHibernated(state, e);
        } else if (event instanceof GuestResumed e) {
            next = applyGuestResumed(state, e);
        } else if (event instanceof GuestResumeFailed e) {
            next = applyGuestResumeFailed(state, e);
        } else if (event instanceof DomainSaved e) {
            next = applyDomainSaved(state, e);
        } else if (event instanceof DomainRestored e) {
            next = applyDomainRestored(state, e);
        } else if (event instanceof DomainMigrated e) {
            next = applyDomainMigrated(state, e);
        } else if (event instanceof DomainDestroyed e) {
            next = applyDomainDestroyed(state, e);
        } else if (event instanceof DomainCreateRefused) {
            next = state.withRefusal(header.getEventId());
        } else if (event instanceof HypercallResult e) {
            next = applyHypercallResult(state, e);
        } else if (event instanceof PolicyAck) {
            next = state;
        } else {
            throw new IllegalArgumentException("no apply step for " + event.getSchema().getName());
        }
        long at = header.getEventTime().toEpochMilli();
        BirthCertificate birth = BirthCertificate.after(state.birth(), state.eventsApplied() == 0, event);
        if (birth != state.birth()) {
            next = next.withBirth(birth);
        }
        return next.accepted(
                state.sequences().record(header.getHostId(), header.getSequence(), header.getEventId(), at,
                        dedupWindowPerHost),
                new TimelineEntry(at, event.getSchema().getName(), header.getHostId(), header.getSequence(),
                        header.getEventId(), EventSummaries.summaryOf(event)), timelineKept);
    }

    GuestState applyDomainCreated(GuestState state, DomainCreated e) {
        EventHeader h = e.getHeader();
        long at = h.getEventTime().toEpochMilli();
        KernelProfile kernel = KernelProfile.of(e.getKernel());
        ControlSetting fifo = e.getControls().getEvtchnFifo();
        GuestState next = state
                .withKernel(kernel, h.getEventId())
                .withDomain(new DomainRecord(h.getHostId(), e.getDomid(), e.getCreateKind(), fifo, e.getPolicyKey(),
                        e.getPolicyVersion(), at, true, null))
                // A new domain starts with an empty port table.
                .withPorts(state.ports().forDomain(h.getHostId(), e.getDomid()));
        if (e.getCreateKind() == CreateKind.FRESH_BOOT) {
            // A Linux guest that boots fresh discards its hibernation image: nothing is left to resume (or deny).
            next = next.withImage(null);
            if (state.policy() != null && state.policy().deniesAtAllCreates()) {
                // The legacy (every-create) denial's lift rule: the discarded image needed it, the next may not.
                next = next.withFreshBootSinceDenial(true);
            }
        }
        if (e.getCreateKind() == CreateKind.RESUME_FROM_HIBERNATION) {
            next = next.withProtection(protectionOf(state, e, fifo));
        }
        return next;
    }

    /** Who protected a resume: the guest's own directive for that image, or the agent's edge fail-safe. */
    private static Protection protectionOf(GuestState state, DomainCreated e, ControlSetting fifo) {
        if (e.getEdgeFailsafe() == EdgeFailsafeOutcome.DENIED_FIFO) {
            return state.protection().resumeAtEdge();
        }
        InstancePolicy own = state.policy();
        boolean byOwnDirective = fifo == ControlSetting.DENY && e.getImageId() != null
                && (PolicyTargetKeys.INSTANCE_PREFIX + state.instanceId()).equals(e.getPolicyKey())
                && own != null && own.bindsImage() && e.getImageId().equals(own.imageId());
        return byOwnDirective ? state.protection().resumeByDirective() : state.protection();
    }

    GuestState applyGuestBooted(GuestState state, GuestBooted e) {
        GuestState next = state.withAbi(e.getAbi(), e.getHeader().getEventId());
        if (e.getAbi() == EvtchnAbi.FIFO) {
            next = next.withProtection(next.protection().bootedFifo());
        }
        return next;
    }

    GuestState applyGuestHibernated(GuestState state, GuestHibernated e) {
        EventHeader h = e.getHeader();
        return state.withImage(new HibernationImage(e.getImageId(), e.getImageAbi(), h.getHostId(),
                h.getEventTime().toEpochMilli(), h.getEventId()));
    }

    GuestState applyGuestResumed(GuestState state, GuestResumed e) {
        EventHeader h = e.getHeader();
        DomainRecord domain = state.liveDomain(h.getHostId(), e.getDomid()).orElse(null);
        return state
                .withResume(new ResumeRecord(h.getHostId(), e.getImageId(), e.getImageAbi(), e.getXenAbi(),
                        e.getHealthy(), null, domain == null ? null : domain.policyKey(),
                        domain == null ? null : domain.policyVersion(), h.getEventTime().toEpochMilli(),
                        h.getEventId()))
                .withAbi(e.getImageAbi(), h.getEventId())
                // The boot kernel jumped into the image: the image is used up, healthy or not. A late resume of an
                // older image (events of two hosts out of order) leaves the newer pending image in place.
                .withImage(resumesPendingImage(state, e.getImageId()) ? null : state.image());
    }

    private static boolean resumesPendingImage(GuestState state, String imageId) {
        return state.image() == null || imageId == null || imageId.equals(state.image().imageId());
    }

    GuestState applyGuestResumeFailed(GuestState state, GuestResumeFailed e) {
        EventHeader h = e.getHeader();
        DomainRecord domain = state.liveDomain(h.getHostId(), e.getDomid()).orElse(null);
        // The image stays pending: the guest is reset and the resume retried, now under a denial.
        return state.withResume(new ResumeRecord(h.getHostId(), e.getImageId(), e.getImageAbi(), e.getXenAbi(),
                false, e.getSymptom(), domain == null ? null : domain.policyKey(),
                domain == null ? null : domain.policyVersion(), h.getEventTime().toEpochMilli(), h.getEventId()));
    }

    GuestState applyDomainSaved(GuestState state, DomainSaved e) {
        EventHeader h = e.getHeader();
        return state.withCheckpoint(new Checkpoint(e.getCheckpointId(), e.getAbi(), e.getControls().getEvtchnFifo(),
                        h.getHostId(), h.getEventId()))
                .withAbi(e.getAbi(), h.getEventId());
    }

    GuestState applyDomainRestored(GuestState state, DomainRestored e) {
        return state.withCheckpoint(null).withAbi(e.getAbi(), e.getHeader().getEventId());
    }

    /**
     * The source host's record of a migration. The source domain stays live until its DomainDestroyed
     * (reason MIGRATED_OUT), which agents send right after: ending it here made that destroy look like an
     * impossible transition and dead-lettered every migration's last event.
     */
    GuestState applyDomainMigrated(GuestState state, DomainMigrated e) {
        return state.withAbi(e.getAbi(), e.getHeader().getEventId());
    }

    GuestState applyDomainDestroyed(GuestState state, DomainDestroyed e) {
        return endDomain(state, e.getHeader().getHostId(), e.getDomid(), e.getReason());
    }

    /**
     * Only -ENOSPC of a binding op tells about ports: a success returns rc 0 (the bound port is an OUT field the
     * event does not carry), and agents report successes only when asked to report every call.
     */
    GuestState applyHypercallResult(GuestState state, HypercallResult e) {
        if (!EventSummaries.isPortBinding(e.getCommandName()) || e.getRc() != ENOSPC) {
            return state;
        }
        String host = e.getHeader().getHostId();
        return state.withPorts(state.ports().forDomain(host, e.getDomid())
                .failed(state.domainDenied(host, e.getDomid())));
    }

    private static GuestState endDomain(GuestState state, String hostId, int domid, DestroyReason reason) {
        List<DomainRecord> next = state.domains().stream()
                .map(d -> d.isOn(hostId, domid) ? d.ended(reason) : d)
                .toList();
        return state.withDomains(next);
    }
}
