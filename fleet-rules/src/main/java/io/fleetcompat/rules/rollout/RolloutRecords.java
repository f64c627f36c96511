package io.fleetcompat.rules.rollout;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.FamilySelector;
import io.fleetcompat.schema.avro.GateResult;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.RolloutState;
import io.fleetcompat.schema.avro.RolloutWave;
import io.fleetcompat.rules.policy.PolicyRecords;
import java.time.Instant;
import java.util.List;

/** The wire records of a rollout: its family directive versions and its RolloutState. */
public final class RolloutRecords {

    /** Evidence ids copied into a directive; the audit trail has the rest. */
    static final int MAX_EVIDENCE = 20;

    private RolloutRecords() {
    }

    public static PolicyTarget target(Rollout r) {
        return PolicyTarget.newBuilder().setKind(PolicyTargetKind.FAMILY)
                .setSelector(new FamilySelector(r.kernelFamily(), r.profile())).build();
    }

    public static PolicyDirective directive(Rollout r, long version, ControlSetting fifo, ControlSetting upcall,
                                            Integer wave, double cohortFraction, PolicyReasonCode code, String text,
                                            long at) {
        List<String> evidence = r.evidence().size() > MAX_EVIDENCE ? r.evidence().subList(0, MAX_EVIDENCE) : r.evidence();
        return PolicyDirective.newBuilder()
                .setDirectiveId(PolicyRecords.stableId(r.familyKey(), Long.toString(version)))
                .setTarget(target(r))
                .setControls(PolicyRecords.controls(fifo, upcall))
                .setReason(new PolicyReason(code, text))
                .setEvidenceEventIds(evidence)
                .setVersion(version)
                .setRolloutId(r.rolloutId())
                .setWave(wave)
                .setCohortFraction(cohortFraction)
                .setMode(r.mode())
                .setIssuedAt(Instant.ofEpochMilli(at))
                .setScope(r.spec().scope())
                .build();
    }

    /** "evtchn_fifo DENY", with ", evtchn_upcall …" when it is set. */
    static String controlsText(ControlSetting fifo, ControlSetting upcall) {
        return "evtchn_fifo " + fifo + (upcall == ControlSetting.UNSET ? "" : ", evtchn_upcall " + upcall);
    }

    public static RolloutState state(Rollout r, int requiredCreates) {
        return RolloutState.newBuilder()
                .setRolloutId(r.rolloutId())
                .setTarget(target(r))
                .setPolicyVersion(r.policyVersion())
                .setControls(PolicyRecords.controls(r.fifo(), r.upcall()))
                .setPhase(r.phase())
                .setCurrentWave(r.currentWave())
                .setWaves(r.waves().stream().map(w -> wave(w, requiredCreates)).toList())
                .setLastCommandId(r.lastCommandId())
                .setAllowedActions(RolloutCommands.allowed(r))
                .setScope(r.spec().scope())
                .setHaltReason(r.haltReason())
                .setUpdatedAt(Instant.ofEpochMilli(r.updatedAt()))
                .build();
    }

    static RolloutWave wave(WaveProgress w, int requiredCreates) {
        return RolloutWave.newBuilder()
                .setIndex(w.index())
                .setHostFraction(w.hostFraction())
                .setRequiredCreates(requiredCreates)
                .setCreatesObserved(w.createsObserved())
                .setStatus(w.status())
                .setPolicyVersion(w.version())
                .setGates(w.gates().stream().map(g -> new GateResult(g.gate(), g.verdict(), g.observed(),
                        g.threshold(), g.detail())).toList())
                .setStartedAt(w.startedAt() == null ? null : Instant.ofEpochMilli(w.startedAt()))
                .setCompletedAt(w.completedAt() == null ? null : Instant.ofEpochMilli(w.completedAt()))
                .build();
    }
}
