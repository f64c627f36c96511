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
 * @param fifo evtchn_fifo of the family directive in force
 * @param previousFifo the setting a rollback returns to
 * @param resumesOutside resumes of this family x profile on hosts outside the active wave's cohort since it opened
 * @param appliedCommandIds operator command ids already applied (commands are idempotent by id)
 * @param spec what it rolls out (controls and scope); rollouts written before read as deny-FIFO at every create
 * @param upcall evtchn_upcall of the family directive in force
 * @param previousUpcall the evtchn_upcall a rollback returns to
 * @param haltReason why it halted, rolled back or was aborted; null otherwise
 */
public record Rollout(String rolloutId, String familyKey, String kernelFamily, XenProfile profile, PolicyMode mode,
                      RolloutPhase phase, Integer currentWave, List<WaveProgress> waves, long policyVersion,
                      ControlSetting fifo, ControlSetting previousFifo, int resumesOutside,
                      int resumeFailuresOutside, List<String> evidence, String lastCommandId,
                      List<String> appliedCommandIds, long openedAt, long updatedAt, RolloutSpec spec,
                      ControlSetting upcall, ControlSetting previousUpcall, String haltReason) {

    public static final int MAX_COMMAND_IDS = 64;

    public Rollout {
        waves = List.copyOf(waves);
        evidence = List.copyOf(evidence);
        appliedCommandIds = List.copyOf(appliedCommandIds);
        spec = spec == null ? new RolloutSpec(null, null, null) : spec;
        upcall = upcall == null ? ControlSetting.UNSET : upcall;
        previousUpcall = previousUpcall == null ? ControlSetting.UNSET : previousUpcall;
    }

    public boolean terminal() {
        return phase == RolloutPhase.COMPLETED || phase == RolloutPhase.ABORTED || phase == RolloutPhase.ROLLED_BACK
                || phase == RolloutPhase.LIFTED;
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
                appliedCommandIds, openedAt, at, spec, upcall, previousUpcall, haltReason);
    }

    /** Why it stopped (null: it runs, or waits, for no reason to tell). */
    public Rollout withHaltReason(String value) {
        return new Rollout(rolloutId, familyKey, kernelFamily, profile, mode, phase, currentWave, waves, policyVersion,
                fifo, previousFifo, resumesOutside, resumeFailuresOutside, evidence, lastCommandId,
                appliedCommandIds, openedAt, updatedAt, spec, upcall, previousUpcall, value);
    }

    public Rollout withWave(WaveProgress wave, long at) {
        List<WaveProgress> next = new ArrayList<>(waves);
        next.set(wave.index(), wave);
        return new Rollout(rolloutId, familyKey, kernelFamily, profile, mode, phase, currentWave, next, policyVersion,
                fifo, previousFifo, resumesOutside, resumeFailuresOutside, evidence, lastCommandId,
                appliedCommandIds, openedAt, at, spec, upcall, previousUpcall, haltReason);
    }

    public Rollout withDirective(long version, ControlSetting fifoSetting, ControlSetting upcallSetting, long at) {
        return new Rollout(rolloutId, familyKey, kernelFamily, profile, mode, phase, currentWave, waves, version,
                fifoSetting, previousFifo, resumesOutside, resumeFailuresOutside, evidence, lastCommandId,
                appliedCommandIds, openedAt, at, spec, upcallSetting, previousUpcall, haltReason);
    }

    public Rollout withOutside(int resumes, int failures) {
        return new Rollout(rolloutId, familyKey, kernelFamily, profile, mode, phase, currentWave, waves, policyVersion,
                fifo, previousFifo, resumesOutside + resumes, resumeFailuresOutside + failures, evidence,
                lastCommandId, appliedCommandIds, openedAt, updatedAt, spec, upcall, previousUpcall, haltReason);
    }

    public Rollout withCommand(String commandId, long at) {
        List<String> ids = new ArrayList<>(appliedCommandIds);
        ids.add(commandId);
        while (ids.size() > MAX_COMMAND_IDS) {
            ids.remove(0);
        }
        return new Rollout(rolloutId, familyKey, kernelFamily, profile, mode, phase, currentWave, waves, policyVersion,
                fifo, previousFifo, resumesOutside, resumeFailuresOutside, evidence, commandId, ids, openedAt, at,
                spec, upcall, previousUpcall, haltReason);
    }
}
