package io.fleetcompat.dashboard.view;

import java.util.List;

/** One wave of a rollout; progress is {@code createsObserved} of {@code requiredCreates} under the policy. */
public record WaveView(
        int index,
        double hostFraction,
        int requiredCreates,
        int createsObserved,
        String status,
        List<GateView> gates,
        Long startedAt,
        Long completedAt) {
}
