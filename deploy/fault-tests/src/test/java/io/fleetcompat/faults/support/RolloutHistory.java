package io.fleetcompat.faults.support;

import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.schema.avro.RolloutState;
import io.fleetcompat.schema.avro.WaveStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each rollout's transitions as fleet.rollouts holds them (committed records, in order: a rollout's records share a
 * key, so a partition). A transition is a change of phase, current wave or a wave's status (a record that only
 * updates counters is none). It names the phase each ended in, transitions that went back to an earlier stage (a
 * replayed transition), and waves skipped (the current wave moving by more than one: a lost transition).
 */
public record RolloutHistory(Map<String, RolloutPhase> finalPhases, long transitions, List<String> wentBack,
                             List<String> skipped) {

    public static RolloutHistory read(String bootstrap) {
        Map<String, List<RolloutState>> byRollout = new LinkedHashMap<>();
        for (RolloutState state : WireRecords.read(bootstrap, Topics.ROLLOUTS.name(), RolloutState.class)) {
            byRollout.computeIfAbsent(state.getRolloutId(), id -> new ArrayList<>()).add(state);
        }
        Map<String, RolloutPhase> phases = new LinkedHashMap<>();
        List<String> wentBack = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long transitions = 0;
        for (Map.Entry<String, List<RolloutState>> rollout : byRollout.entrySet()) {
            List<String> stages = new ArrayList<>();
            Integer wave = null;
            for (RolloutState state : rollout.getValue()) {
                String stage = state.getPhase() + " wave " + state.getCurrentWave() + " "
                        + state.getWaves().stream().map(w -> w.getStatus().name()).toList();
                if (!stages.isEmpty() && stages.get(stages.size() - 1).equals(stage)) {
                    continue;
                }
                if (stages.contains(stage)) {
                    wentBack.add(rollout.getKey() + ": back to " + stage);
                }
                stages.add(stage);
                if (wave != null && state.getCurrentWave() != null && state.getCurrentWave() - wave > 1) {
                    skipped.add(rollout.getKey() + ": wave " + wave + " -> " + state.getCurrentWave());
                }
                wave = state.getCurrentWave() != null ? state.getCurrentWave() : wave;
            }
            transitions += stages.size();
            List<RolloutState> states = rollout.getValue();
            phases.put(rollout.getKey(), states.get(states.size() - 1).getPhase());
        }
        return new RolloutHistory(phases, transitions, wentBack, skipped);
    }

    /** No transition lost or repeated, and every rollout completed. */
    public void assertCompletedWithoutLostOrRepeatedTransitions(String bootstrap) {
        org.assertj.core.api.Assertions.assertThat(wentBack).as("transitions repeated").isEmpty();
        org.assertj.core.api.Assertions.assertThat(skipped).as("waves skipped").isEmpty();
        org.assertj.core.api.Assertions.assertThat(allCompleted(bootstrap)).as("rollouts %s, halted because %s",
                finalPhases, haltReasons(bootstrap)).isTrue();
    }

    /** Each rollout's last halt reason (a failed gate names its figures), for a failure's message. */
    private static Map<String, String> haltReasons(String bootstrap) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (RolloutState state : WireRecords.read(bootstrap, Topics.ROLLOUTS.name(), RolloutState.class)) {
            if (state.getHaltReason() != null) {
                reasons.put(state.getRolloutId(), state.getHaltReason());
            }
        }
        return reasons;
    }

    /** Some rollout ran, and every one completed with all its waves passed. */
    public boolean allCompleted(String bootstrap) {
        List<RolloutState> states = WireRecords.read(bootstrap, Topics.ROLLOUTS.name(), RolloutState.class);
        return !finalPhases.isEmpty() && finalPhases.values().stream().allMatch(p -> p == RolloutPhase.COMPLETED)
                && states.stream().filter(s -> s.getPhase() == RolloutPhase.COMPLETED)
                .allMatch(s -> s.getWaves().stream().allMatch(w -> w.getStatus() == WaveStatus.PASSED));
    }
}
