package io.fleetcompat.dashboard.view;

import java.util.List;

/**
 * A rollout as fleet-stream last published it.
 *
 * @param allowedActions the operator actions that make sense in this phase (the stream decides; this only
 *                       drives which buttons are offered)
 */
public record RolloutView(
        String rolloutId,
        String targetKey,
        long policyVersion,
        String evtchnFifo,
        String phase,
        Integer currentWave,
        List<WaveView> waves,
        String lastCommandId,
        long updatedAt,
        List<String> allowedActions) {
}
