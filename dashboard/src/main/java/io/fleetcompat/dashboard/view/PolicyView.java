package io.fleetcompat.dashboard.view;

import java.util.List;

/**
 * The latest directive for one target (one key of the compacted fleet.policy).
 *
 * @param family kernel family of a FAMILY target, null for an INSTANCE target
 * @param evidenceEventIds the events the decision rests on
 * @param pinned an operator pinned the target (reason OPERATOR_PIN, or lifted only by OPERATOR_UNPIN): the only
 *               kind of policy an UNPIN may lift
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
        boolean pinned) {
}
