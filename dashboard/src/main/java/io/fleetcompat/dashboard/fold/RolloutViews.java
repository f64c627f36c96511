package io.fleetcompat.dashboard.fold;

import io.fleetcompat.dashboard.view.GateView;
import io.fleetcompat.dashboard.view.RolloutView;
import io.fleetcompat.dashboard.view.WaveView;
import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.schema.avro.RolloutState;
import io.fleetcompat.schema.avro.RolloutWave;
import java.util.List;

/** Shapes a rollout state for the page, with the operator actions fleet-stream says it accepts now. */
final class RolloutViews {

    private RolloutViews() {
    }

    static RolloutView of(RolloutState s) {
        List<WaveView> waves = s.getWaves().stream().map(RolloutViews::wave).toList();
        return new RolloutView(s.getRolloutId(), targetKey(s), s.getPolicyVersion(),
                s.getControls().getEvtchnFifo().name(), s.getControls().getEvtchnUpcall().name(), s.getPhase().name(),
                s.getCurrentWave(), waves, s.getLastCommandId(), s.getUpdatedAt().toEpochMilli(),
                s.getAllowedActions().stream().map(Enum::name).toList(), s.getScope().name(), s.getHaltReason());
    }

    /** Still under way: not yet completed, lifted, aborted or rolled back (listed first, counted as active). */
    static boolean active(String phase) {
        return !phase.equals(RolloutPhase.COMPLETED.name()) && !phase.equals(RolloutPhase.ABORTED.name())
                && !phase.equals(RolloutPhase.ROLLED_BACK.name()) && !phase.equals(RolloutPhase.LIFTED.name());
    }

    private static WaveView wave(RolloutWave w) {
        List<GateView> gates = w.getGates().stream()
                .map(g -> new GateView(g.getGate(), g.getVerdict().name(), g.getObserved(), g.getThreshold(),
                        g.getDetail()))
                .toList();
        return new WaveView(w.getIndex(), w.getHostFraction(), w.getRequiredCreates(), w.getCreatesObserved(),
                w.getStatus().name(), gates, w.getStartedAt() == null ? null : w.getStartedAt().toEpochMilli(),
                w.getCompletedAt() == null ? null : w.getCompletedAt().toEpochMilli());
    }

    private static String targetKey(RolloutState s) {
        try {
            return PolicyTargetKeys.keyOf(s.getTarget());
        } catch (IllegalArgumentException e) {
            return "(invalid target: " + e.getMessage() + ")";
        }
    }
}
