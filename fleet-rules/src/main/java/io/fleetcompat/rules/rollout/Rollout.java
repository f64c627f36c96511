package io.fleetcompat.rules.rollout;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.schema.avro.XenProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * A family-level rollout as the state machine keeps it.
 *
 * @param policyVersion version of the family directive now in force (0 before the first wave)
 * @param previousFifo the setting a rollback returns to
 * @param resumesOutside resumes of this family x profile not under this rollout since it opened
 * @param appliedCommandIds operator command ids already applied (commands are idempotent by id)
 */
public record Rollout(String rolloutId, String familyKey, String kernelFamily, XenProfile profile, PolicyMode mode,
                      RolloutPhase phase, Integer currentWave, List<WaveProgress> waves, long policyVersion,
                      ControlSetting fifo, ControlSetting previousFifo, int resumesOutside,
                      int resumeFailuresOutside, List<String> evidence, String lastCommandId,
                      List<String> appliedCommandIds, long openedAt, long updatedAt) {

    public static final int MAX_COMMAND_IDS = 64;

    public Rollout {
        waves = List.copyOf(waves);
        evidence = List.copyOf(evidence);
        appliedCommandIds = List.copyOf(appliedCommandIds);
    }

    public boolean terminal() {
        return phase == RolloutPhase.COMPLETED || phase == RolloutPhase.ABORTED || phase == RolloutPhase.ROLLED_BACK;
    }

    public WaveProgress activeWave() {
        return currentWave == null ? null : waves.get(currentWave);
    }

    public boolean versionBelongsHere(long version) {
        return waves.stream().anyMatch(w -> w.version() != null && w.version() == version);
    }

    public Rollout withPhase(RolloutPhase value, Integer wave, long at) {
        return new Rollout(rolloutId, familyKey, kernelFamily, profile, mode, value, wave, waves, policyVersion,
                fifo, previousFifo, resumesOutside, resumeFailuresOutside, evidence, lastCommandId,
                appliedCommandIds, openedAt, at);
    }

    public Rollout withWave(WaveProgress wave, long at) {
        List<WaveProgress> next = new ArrayList<>(waves);
        next.set(wave.index(), wave);
        return new Rollout(rolloutId, familyKey, kernelFamily, profile, mode, phase, currentWave, next, policyVersion,
                fifo, previousFifo, resumesOutside, resumeFailuresOutside, evidence, lastCommandId,
                appliedCommandIds, openedAt, at);
    }

    public Rollout withDirective(long version, ControlSetting setting, long at) {
        return new Rollout(rolloutId, familyKey, kernelFamily, profile, mode, phase, currentWave, waves, version,
                setting, previousFifo, resumesOutside, resumeFailuresOutside, evidence, lastCommandId,
                appliedCommandIds, openedAt, at);
    }

    public Rollout withOutside(int resumes, int failures) {
        return new Rollout(rolloutId, familyKey, kernelFamily, profile, mode, phase, currentWave, waves, policyVersion,
                fifo, previousFifo, resumesOutside + resumes, resumeFailuresOutside + failures, evidence,
                lastCommandId, appliedCommandIds, openedAt, updatedAt);
    }

    public Rollout withCommand(String commandId, long at) {
        List<String> ids = new ArrayList<>(appliedCommandIds);
        ids.add(commandId);
        while (ids.size() > MAX_COMMAND_IDS) {
            ids.remove(0);
        }
        return new Rollout(rolloutId, familyKey, kernelFamily, profile, mode, phase, currentWave, waves, policyVersion,
                fifo, previousFifo, resumesOutside, resumeFailuresOutside, evidence, commandId, ids, openedAt, at);
    }
}
