package io.fleetcompat.dashboard.view;

import java.util.List;

/**
 * The latest directive for one target (one key of the compacted fleet.policy).
 *
 * @param family kernel family of a FAMILY target, null for an INSTANCE target
 * @param evidenceEventIds the events the decision rests on
 * @param pinned an operator pinned the target (reason OPERATOR_PIN, or lifted only by OPERATOR_UNPIN): the only
 *               kind of policy an UNPIN may lift
 * @param scope which creates it speaks for: ALL_CREATES, RESUME_OF_IMAGE (bound to {@code imageId}) or
 *              RESUMES_OF_2L_IMAGES
 * @param imageId for RESUME_OF_IMAGE: the hibernation image it protects; null otherwise
 * @param liftsAt for a lift condition AFTER_TIME (a pin with an expiry): its earliest lift time; null otherwise
 */
public record PolicyView(
        String key,
        String targetKind,
        String instanceId,
        String family,
        String xenProfile,
        long version,
        String mode,
        String reasonCode,
        String reasonText,
        String evtchnFifo,
        String evtchnUpcall,
        String rolloutId,
        Integer wave,
        double cohortFraction,
        long issuedAt,
        List<String> evidenceEventIds,
        String liftCondition,
        boolean pinned,
        String scope,
        String imageId,
        Long liftsAt) {
}
