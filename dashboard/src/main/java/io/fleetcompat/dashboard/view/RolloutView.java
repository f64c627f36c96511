package io.fleetcompat.dashboard.view;

import java.util.List;

/**
 * A rollout as fleet-stream last published it.
 *
 * @param allowedActions the operator actions that make sense in this phase (the stream decides; this only
 *                       drives which buttons are offered)
 * @param scope which creates the rolled-out family directive speaks for (ALL_CREATES, RESUMES_OF_2L_IMAGES)
 * @param haltReason why it halted, rolled back or was aborted, as fleet-stream says; null otherwise
 */
public record RolloutView(
        String rolloutId,
        String targetKey,
        long policyVersion,
        String evtchnFifo,
        String evtchnUpcall,
        String phase,
        Integer currentWave,
        List<WaveView> waves,
        String lastCommandId,
        long updatedAt,
        List<String> allowedActions,
        String scope,
        String haltReason) {
}
