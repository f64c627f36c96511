package io.fleetcompat.rules.detect;

import io.fleetcompat.schema.avro.CreateRefusalReason;
import io.fleetcompat.schema.avro.DomainCreateRefused;
import io.fleetcompat.schema.avro.DomainMigrated;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.GuestResumeFailed;
import io.fleetcompat.schema.avro.GuestResumed;
import io.fleetcompat.schema.avro.HypercallResult;
import io.fleetcompat.rules.guest.EventSummaries;
import io.fleetcompat.rules.guest.GuestState;
import io.fleetcompat.rules.guest.GuestStateFold;
import io.fleetcompat.rules.guest.PortUsage;
import io.fleetcompat.rules.guest.ResumeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The per-guest detection rules, evaluated on each accepted event with the state before and after it.
 * Rules fire on the transition into a condition, so re-seeing the same facts finds nothing new.
 */
public final class GuestDetectors {

    public List<Finding> detect(GuestState before, GuestState after, SpecificRecord event, EventHeader header,
                                boolean fleetHasFifoCapableHost) {
        List<Finding> findings = new ArrayList<>();
        String eventId = header.getEventId();
        // A hazard starts with a hazardous image: the first, or another one taking the place of one (the same guest's
        // events from two hosts can arrive out of order, so a new image may come before the old one's resume).
        if (predictiveHazard(after, fleetHasFifoCapableHost)
                && !(predictiveHazard(before, fleetHasFifoCapableHost) && sameImage(before, after))) {
            List<String> evidence = new ArrayList<>(evidenceOfPredictiveHazard(after));
            evidence.add(eventId);
            findings.add(new Finding.PredictiveHazard(after.image().imageId(), ids(evidence.toArray(String[]::new))));
        }
        if (event instanceof GuestResumeFailed || event instanceof GuestResumed) {
            after.lastResume().filter(ResumeRecord::hasSection8Signature).ifPresent(resume -> findings.add(
                    new Finding.ResumeFailureSignature(after.image() == null ? null : after.image().imageId(),
                            ids(after.image() == null ? null : after.image().eventId(), resume.eventId()))));
        }
        // The interlock (7.4) and the legacy lift meet a denial only where it speaks for every create: an
        // image-bound denial is applied at the resume of its 2-level image alone.
        boolean deniedAtAllCreates = after.policy() != null && after.policy().deniesAtAllCreates();
        if (deniedAtAllCreates && event instanceof GuestHibernated h && h.getImageAbi() == EvtchnAbi.FIFO) {
            findings.add(after.freshBootSinceDenial()
                    ? new Finding.LiftEligible(ids(eventId))
                    : new Finding.InterlockNeeded("FIFO hibernation image under a FIFO denial", ids(eventId)));
        }
        if (deniedAtAllCreates && fifoCheckpointAppeared(before, after)) {
            findings.add(new Finding.InterlockNeeded("FIFO checkpoint would be restored into a denied domain",
                    ids(after.checkpoint().eventId())));
        }
        if (deniedAtAllCreates && event instanceof DomainMigrated m && m.getAbi() == EvtchnAbi.FIFO) {
            findings.add(new Finding.InterlockNeeded("FIFO guest migrating under a FIFO denial", ids(eventId)));
        }
        if (event instanceof DomainCreateRefused r
                && r.getReason() == CreateRefusalReason.FIFO_GUEST_INTO_FIFO_DENIED_DOMAIN) {
            findings.add(new Finding.InterlockNeeded("agent refused a FIFO guest into a FIFO-denied domain",
                    ids(eventId)));
        }
        if (event instanceof HypercallResult hc && portLimitReachedUnderDenial(before, after, header, hc)) {
            findings.add(new Finding.PortLimitCost(header.getHostId(), hc.getDomid(), ids(eventId)));
        }
        if (before.policy() != null && before.policy().bindsImage()
                && imageConsumed(before.policy().imageId(), before, after)) {
            findings.add(new Finding.ImageConsumed(before.policy().imageId(), ids(eventId)));
        }
        return findings;
    }

    /**
     * A pending FIFO hibernation image while family directives ({@code denyingFamilyKeys}, those of the guest's
     * kernel family that deny evtchn_fifo) are in force. Evaluated by the caller, which knows the family
     * directives, when the image appears and when a denial begins.
     */
    public static Optional<Finding> fifoImageUnderFamilyDenial(GuestState guest, List<String> denyingFamilyKeys) {
        if (denyingFamilyKeys.isEmpty() || guest.image() == null || guest.image().abi() != EvtchnAbi.FIFO) {
            return Optional.empty();
        }
        return Optional.of(new Finding.FifoImageUnderFamilyDenial(guest.image().imageId(), denyingFamilyKeys,
                ids(guest.image().eventId())));
    }

    /**
     * The image was pending before this event and is not after it: resumed (the fold drops it at a GuestResumed,
     * healthy or not: the boot kernel jumped into it) or discarded by a fresh boot. A failed resume leaves it
     * pending (it is retried), so its directive stays.
     */
    private static boolean imageConsumed(String imageId, GuestState before, GuestState after) {
        return pending(before, imageId) && !pending(after, imageId);
    }

    private static boolean pending(GuestState state, String imageId) {
        return state.image() != null && imageId.equals(state.image().imageId());
    }

    /**
     * The guest leaves the predictive hazard (its 2-level image was consumed or discarded): the family's count of
     * pending 2-level images goes down by one, as it went up at the hazard.
     */
    public static boolean predictiveHazardEnded(GuestState before, GuestState after, boolean fleetHasFifoCapableHost) {
        return predictiveHazard(before, fleetHasFifoCapableHost)
                && !(predictiveHazard(after, fleetHasFifoCapableHost) && sameImage(before, after));
    }

    /** The same hibernation image (told by the event that made it: agents may reuse an image id). */
    private static boolean sameImage(GuestState before, GuestState after) {
        return before.image() != null && after.image() != null
                && before.image().eventId().equals(after.image().eventId());
    }

    /**
     * This event is the domain's first -ENOSPC of a binding op under a FIFO denial: once per domain, as its later
     * retries hit the same limit; any other hypercall (of this domain or another) says nothing.
     */
    private static boolean portLimitReachedUnderDenial(GuestState before, GuestState after, EventHeader header,
                                                       HypercallResult hc) {
        String host = header.getHostId();
        boolean thisFailure = EventSummaries.isPortBinding(hc.getCommandName())
                && hc.getRc() == GuestStateFold.ENOSPC && after.ports().isFor(host, hc.getDomid());
        PortUsage was = before.ports();
        return thisFailure && after.ports().limitReachedUnderDenial()
                && !(was.isFor(host, hc.getDomid()) && was.limitReachedUnderDenial());
    }

    /**
     * The findings a guest's state shows by itself, whatever event led there: evaluated when an operator unpins a
     * guest, whose hazards arose while the pin overrode them.
     */
    public static List<Finding> standing(GuestState state, boolean fleetHasFifoCapableHost) {
        return predictiveHazard(state, fleetHasFifoCapableHost)
                ? List.of(new Finding.PredictiveHazard(state.image().imageId(), evidenceOfPredictiveHazard(state)))
                : List.of();
    }

    /** The predictive rule: 2-level image, FIFO-aware kernel, and somewhere FIFO to resume on. */
    public static boolean predictiveHazard(GuestState state, boolean fleetHasFifoCapableHost) {
        return state.image() != null
                && ResumeHazard.wouldHang(state.image().abi(), state.fifoAware(), fleetHasFifoCapableHost);
    }

    /** What shows the predictive hazard in a guest's state: its FIFO-awareness and its 2-level image. */
    public static List<String> evidenceOfPredictiveHazard(GuestState state) {
        String aware = state.fifoEvidenceEventId() != null || state.birth() == null ? state.fifoEvidenceEventId()
                : state.birth().eventId();
        return ids(aware, state.image() == null ? null : state.image().eventId());
    }

    private static boolean fifoCheckpointAppeared(GuestState before, GuestState after) {
        return after.checkpoint() != null && after.checkpoint().abi() == EvtchnAbi.FIFO
                && (before.checkpoint() == null || !before.checkpoint().checkpointId().equals(after.checkpoint().checkpointId()));
    }

    private static List<String> ids(String... eventIds) {
        List<String> out = new ArrayList<>();
        for (String id : eventIds) {
            if (id != null && !out.contains(id)) {
                out.add(id);
            }
        }
        return List.copyOf(out.stream().filter(Objects::nonNull).toList());
    }
}
