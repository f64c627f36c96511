package io.fleetcompat.stream.query;

import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.rules.rollout.FamilyEvidence;
import io.fleetcompat.rules.rollout.FamilyState;
import io.fleetcompat.rules.guest.GuestState;
import java.util.Collection;
import java.util.List;

/**
 * Fleet statistics over the guests and families this instance holds.
 *
 * @param resumesProtectedByDirective resumes of an image created under the guest's own directive bound to that image,
 *                                    denying evtchn_fifo
 * @param resumesProtectedAtEdge resumes whose agent's edge fail-safe denied evtchn_fifo (no directive spoke)
 * @param denialsLifted LIFTED versions of guests' directives that had denied evtchn_fifo
 * @param guestsBackOnFifo boots with FIFO after a guest's denial was lifted
 * @param families per kernel family x profile: totals over the kept buckets, with rates
 */
public record FleetStatistics(int guests, int deniedGuests, int pinnedGuests, int imagesPending,
                              long duplicatesDropped, long enospcUnderDenial, long resumesProtectedByDirective,
                              long resumesProtectedAtEdge, long denialsLifted, long guestsBackOnFifo,
                              List<FamilyStatistics> families) {

    /** @param pendingImages the family's pending 2-level images of FIFO-aware guests (a completed rollout's lift) */
    public record FamilyStatistics(String familyKey, int creates, int hazards, int signatureFailures, int resumes,
                                   double resumeFailureRate, int portLimitFailures, RolloutPhase rolloutPhase,
                                   int pendingImages) {
    }

    public static FleetStatistics of(Collection<GuestState> guests, Collection<FamilyState> families) {
        int denied = 0;
        int pinned = 0;
        int images = 0;
        long duplicates = 0;
        long enospc = 0;
        long byDirective = 0;
        long atEdge = 0;
        long lifted = 0;
        long backOnFifo = 0;
        for (GuestState g : guests) {
            byDirective += g.protection().resumesByDirective();
            atEdge += g.protection().resumesAtEdge();
            lifted += g.protection().denialsLifted();
            backOnFifo += g.protection().backOnFifo();
            denied += g.denied() ? 1 : 0;
            pinned += g.pinned() ? 1 : 0;
            images += g.image() != null ? 1 : 0;
            duplicates += g.duplicatesDropped();
            enospc += g.ports().enospcUnderDenial();
        }
        List<FamilyStatistics> perFamily = families.stream().map(FleetStatistics::family).toList();
        return new FleetStatistics(guests.size(), denied, pinned, images, duplicates, enospc, byDirective, atEdge,
                lifted, backOnFifo, perFamily);
    }

    private static FamilyStatistics family(FamilyState f) {
        FamilyEvidence.Bucket total = f.evidence().window(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, 0);
        return new FamilyStatistics(f.familyKey(), total.creates(), total.hazards(), total.signatureFailures(),
                total.resumesOk() + total.resumesFailed(), total.resumeFailureRate(), total.portLimitFailures(),
                f.rollout() == null ? null : f.rollout().phase(), f.pendingImages());
    }
}
