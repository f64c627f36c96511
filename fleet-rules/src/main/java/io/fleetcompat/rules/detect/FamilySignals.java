package io.fleetcompat.rules.detect;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.FamilySelector;
import io.fleetcompat.schema.avro.GuestResumeFailed;
import io.fleetcompat.schema.avro.GuestResumed;
import io.fleetcompat.schema.avro.PolicyAck;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.rules.guest.DomainRecord;
import io.fleetcompat.rules.guest.GuestState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/** Derives the family-level signals of one accepted guest event (see {@link FamilySignal.Kind}). */
public final class FamilySignals {

    private static final Set<AckRejectReason> SIGNATURE_REFUSALS = EnumSet.of(AckRejectReason.UNSIGNED,
            AckRejectReason.UNKNOWN_SIGNING_KEY, AckRejectReason.BAD_SIGNATURE);

    private FamilySignals() {
    }

    public static String familyKey(String kernelFamily, XenProfile profile) {
        return PolicyTargetKeys.keyOf(PolicyTarget.newBuilder().setKind(PolicyTargetKind.FAMILY)
                .setSelector(new FamilySelector(kernelFamily, profile)).build());
    }

    /**
     * @param fifoCapableProfiles the FIFO-capable profiles in the fleet: a hazard counts towards each
     */
    public static List<FamilySignal> of(GuestState after, SpecificRecord event, EventHeader header,
                                        List<Finding> findings, Collection<XenProfile> fifoCapableProfiles) {
        List<FamilySignal> out = new ArrayList<>();
        if (after.kernel() == null) {
            return out;
        }
        String family = after.kernel().family();
        String here = familyKey(family, header.getXenProfile());
        long at = header.getEventTime().toEpochMilli();
        String host = header.getHostId();
        String eventId = header.getEventId();
        if (event instanceof DomainCreated c) {
            out.add(new FamilySignal(FamilySignal.Kind.CREATE, here, eventId, at, host, c.getPolicyKey(),
                    c.getPolicyVersion(), null, resumesTwoLevelImage(c, after)));
        }
        if (event instanceof GuestResumed || event instanceof GuestResumeFailed) {
            DomainRecord domain = after.latestLiveDomainOn(host).orElse(null);
            boolean ok = event instanceof GuestResumed r && r.getHealthy();
            EvtchnAbi imageAbi = event instanceof GuestResumed r ? r.getImageAbi()
                    : ((GuestResumeFailed) event).getImageAbi();
            out.add(new FamilySignal(ok ? FamilySignal.Kind.RESUME_OK : FamilySignal.Kind.RESUME_FAILED, here, eventId,
                    at, host, domain == null ? null : domain.policyKey(), domain == null ? null : domain.policyVersion(),
                    null, imageAbi == EvtchnAbi.TWO_LEVEL));
        }
        for (Finding finding : findings) {
            if (finding instanceof Finding.PredictiveHazard) {
                out.addAll(towardFifoProfiles(FamilySignal.Kind.HAZARD, family, eventId, at, host,
                        fifoCapableProfiles));
            } else if (finding instanceof Finding.ResumeFailureSignature) {
                out.add(new FamilySignal(FamilySignal.Kind.SIGNATURE_FAILURE, here, eventId, at, host, null, null, null, false));
            } else if (finding instanceof Finding.PortLimitCost) {
                DomainRecord domain = after.latestLiveDomainOn(host).orElse(null);
                out.add(new FamilySignal(FamilySignal.Kind.PORT_LIMIT, here, eventId, at, host,
                        domain == null ? null : domain.policyKey(), domain == null ? null : domain.policyVersion(), null,
                        false));
            }
        }
        return out;
    }

    /**
     * A resume from hibernation of an image whose domain ran 2-level at shutdown: as the resuming agent recorded it,
     * or (an agent that predates the field) as the guest's pending image says.
     */
    private static boolean resumesTwoLevelImage(DomainCreated c, GuestState after) {
        if (c.getCreateKind() != CreateKind.RESUME_FROM_HIBERNATION) {
            return false;
        }
        if (c.getImageShutdownAbi() != EvtchnAbi.UNKNOWN) {
            return c.getImageShutdownAbi() == EvtchnAbi.TWO_LEVEL;
        }
        return after.image() != null && after.image().abi() == EvtchnAbi.TWO_LEVEL;
    }

    /**
     * A predictive hazard (or its end) counts towards each FIFO-capable profile its resume may land on.
     * @param kind HAZARD or HAZARD_CLEARED
     */
    public static List<FamilySignal> towardFifoProfiles(FamilySignal.Kind kind, String family, String eventId,
                                                        long at, String host,
                                                        Collection<XenProfile> fifoCapableProfiles) {
        List<FamilySignal> out = new ArrayList<>();
        for (XenProfile target : fifoCapableProfiles) {
            out.add(new FamilySignal(kind, familyKey(family, target), eventId, at, host, null, null, null, false));
        }
        return out;
    }

    /**
     * An ack of a family directive, for that rollout's rejected-acks gate. Null for other acks, and for an agent's
     * refusal of a fleet.policy record whose signature did not verify (UNSIGNED, UNKNOWN_SIGNING_KEY,
     * BAD_SIGNATURE): that record need not be fleet-stream's, and anyone who can write to fleet.policy could
     * otherwise halt a rollout, or with on-gate-failure ROLLBACK lift it, with forged records at its version.
     */
    public static FamilySignal ofAck(PolicyAck ack) {
        if (ack.getTarget().getKind() != PolicyTargetKind.FAMILY || ack.getTarget().getSelector() == null
                || SIGNATURE_REFUSALS.contains(ack.getRejectReason())) {
            return null;
        }
        String key = PolicyTargetKeys.keyOf(ack.getTarget());
        EventHeader h = ack.getHeader();
        FamilySignal.Kind kind = ack.getOutcome() == AckOutcome.REJECTED
                && ack.getRejectReason() == AckRejectReason.CONFLICTS_WITH_IMAGE
                ? FamilySignal.Kind.IMAGE_CONFLICT : FamilySignal.Kind.ACK;
        return new FamilySignal(kind, key, h.getEventId(), h.getEventTime().toEpochMilli(),
                h.getHostId(), key, ack.getDirectiveVersion(), ack.getOutcome(), false);
    }
}
