package io.fleetcompat.rules.rollout;

import io.fleetcompat.schema.HostCohorts;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.schema.avro.WaveStatus;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.rules.detect.FamilySignal;
import io.fleetcompat.rules.policy.PolicyRecords;
import java.util.ArrayList;
import java.util.List;

/**
 * The staged rollout of a family-level FIFO denial: escalation opens it, waves advance after N creates under
 * the wave's directive and passing gates, a failed gate pauses or rolls back, operators approve, pause,
 * resume, abort or roll back. Pure: returns the next {@link FamilyState} and the records to emit.
 */
public final class RolloutStateMachine {

    public static final String ACTOR = "fleet-stream/rollout-stager";

    private final RolloutSettings config;
    private final GateEvaluator gates;
    private final RolloutCommands commands;

    public RolloutStateMachine(RolloutSettings config) {
        this.config = config;
        this.gates = new GateEvaluator(config);
        this.commands = new RolloutCommands(this);
    }

    public RolloutStep onSignal(FamilyState state, FamilySignal signal) {
        FamilyState next = state.withEvidence(state.evidence().record(signal, config.evidenceBucket().toMillis(),
                config.evidenceBucketsKept()));
        if (next.rollout() == null) {
            return escalates(next, signal) ? open(next, signal.at()) : RolloutStep.unchanged(next);
        }
        return next.rollout().terminal() ? RolloutStep.unchanged(next) : count(next, signal);
    }

    public RolloutStep onCommand(FamilyState state, RolloutCommand command) {
        return commands.apply(state, command);
    }

    /** Hazards + §8 failures within the window reach the threshold, for a family never rolled out before. */
    boolean escalates(FamilyState state, FamilySignal signal) {
        if (signal.kind() != FamilySignal.Kind.HAZARD && signal.kind() != FamilySignal.Kind.SIGNATURE_FAILURE) {
            return false;
        }
        FamilyEvidence.Bucket window = state.evidence().window(signal.at(), config.escalationWindow().toMillis(),
                config.evidenceBucket().toMillis());
        return window.hazards() + window.signatureFailures() >= config.escalationThreshold();
    }

    RolloutStep open(FamilyState state, long at) {
        String key = state.familyKey();
        int at2 = key.lastIndexOf('@');
        String family = key.substring(key.indexOf(':') + 1, at2);
        XenProfile profile = XenProfile.valueOf(key.substring(at2 + 1));
        List<WaveProgress> waves = new ArrayList<>();
        for (int i = 0; i < config.waveFractions().size(); i++) {
            waves.add(WaveProgress.pending(i, config.waveFractions().get(i)));
        }
        Rollout rollout = new Rollout(RolloutIds.of(key, state.rolloutsOpened() + 1), key, family, profile,
                config.familyMode(), RolloutPhase.AWAITING_APPROVAL, null, waves, 0, ControlSetting.UNSET,
                ControlSetting.UNSET, 0, 0, state.evidence().recentEvidence(), null, List.of(), at, at);
        FamilyState opened = state.opened(rollout);
        AuditRecord audit = transition(rollout, "opened rollout " + rollout.rolloutId() + " denying evtchn_fifo for "
                + key + " (" + rollout.mode() + ")", config.escalationThreshold()
                + " or more hazards/failures within " + config.escalationWindow(), ACTOR, at, null);
        RolloutStep step = new RolloutStep(opened, List.of(), List.of(audit), true);
        return config.autoApprove() ? step.then(start(opened, at, ACTOR, null)) : step;
    }

    /** AWAITING_APPROVAL -> RUNNING: wave 0 starts with the first directive version. */
    RolloutStep start(FamilyState state, long at, String actor, String commandId) {
        Rollout r = state.rollout().withPhase(RolloutPhase.RUNNING, 0, at);
        return startWave(state, r, 0, at, actor, commandId);
    }

    RolloutStep startWave(FamilyState state, Rollout rollout, int index, long at, String actor, String commandId) {
        long version = Math.max(state.lastVersion(), rollout.policyVersion()) + 1;
        WaveProgress wave = rollout.waves().get(index).started(version, at);
        Rollout r = rollout.withWave(wave, at).withPhase(RolloutPhase.RUNNING, index, at)
                .withDirective(version, ControlSetting.DENY, at);
        PolicyDirective directive = RolloutRecords.directive(r, version, ControlSetting.DENY, index,
                wave.hostFraction(), PolicyReasonCode.FAMILY_ROLLOUT, "family rollout " + r.rolloutId() + ", wave "
                        + index + " (" + wave.hostFraction() + " of hosts)", at);
        List<AuditRecord> audits = List.of(
                transition(r, "wave " + index + " started at " + wave.hostFraction() + " of hosts", "rollout running",
                        actor, at, commandId),
                issued(r, directive, at));
        return new RolloutStep(state.withRollout(r), List.of(directive), audits, true);
    }

    private RolloutStep count(FamilyState state, FamilySignal s) {
        Rollout r = state.rollout();
        WaveProgress active = r.activeWave();
        boolean ours = s.policyKey() != null && s.policyKey().equals(r.familyKey()) && s.policyVersion() != null
                && r.versionBelongsHere(s.policyVersion());
        boolean inActive = active != null && active.version() != null && s.underPolicy(r.familyKey(), active.version());
        boolean running = r.phase() == RolloutPhase.RUNNING;
        switch (s.kind()) {
            case RESUME_OK, RESUME_FAILED -> {
                int failed = s.kind() == FamilySignal.Kind.RESUME_FAILED ? 1 : 0;
                if (!ours) {
                    return new RolloutStep(state.withRollout(r.withOutside(1, failed)), List.of(), List.of(), false);
                }
                if (inActive && running) {
                    return afterCount(state, r, active.counted(0, 1, failed, 0, 0, 0), s.at());
                }
            }
            case CREATE -> {
                if (running && active != null && createCounts(r, active, s)) {
                    return afterCount(state, r, active.counted(1, 0, 0, 0, 0, 0), s.at());
                }
            }
            case PORT_LIMIT -> {
                if (inActive && running) {
                    return afterCount(state, r, active.counted(0, 0, 0, 1, 0, 0), s.at());
                }
            }
            case ACK, IMAGE_CONFLICT -> {
                if (inActive && running) {
                    int rejected = s.kind() == FamilySignal.Kind.ACK && s.ackOutcome() == AckOutcome.REJECTED ? 1 : 0;
                    return afterCount(state, r, active.counted(0, 0, 0, 0, 1, rejected), s.at());
                }
            }
            default -> {
            }
        }
        return RolloutStep.unchanged(state);
    }

    /** ENFORCE counts creates under the wave's version; a dry run (or advice) counts in-cohort creates. */
    private static boolean createCounts(Rollout r, WaveProgress active, FamilySignal s) {
        if (r.mode() == PolicyMode.ENFORCE) {
            return s.underPolicy(r.familyKey(), active.version());
        }
        return !r.familyKey().equals(s.policyKey()) && HostCohorts.inCohort(s.hostId(), active.hostFraction());
    }

    private RolloutStep afterCount(FamilyState state, Rollout r, WaveProgress counted, long at) {
        Rollout next = r.withWave(counted, at);
        FamilyState updated = state.withRollout(next);
        if (counted.createsObserved() >= config.requiredCreates()) {
            return completeWave(updated, at);
        }
        return new RolloutStep(updated, List.of(), List.of(), true);
    }

    /** The active wave reached its creates: evaluate its gates, then advance, pause or roll back. */
    RolloutStep completeWave(FamilyState state, long at) {
        Rollout r = state.rollout();
        WaveProgress wave = r.activeWave();
        List<GateOutcome> outcomes = gates.evaluate(r, wave);
        boolean failed = outcomes.stream().anyMatch(GateOutcome::failed);
        Rollout judged = r.withWave(wave.finished(failed ? WaveStatus.FAILED : WaveStatus.PASSED, outcomes, at), at);
        AuditRecord gateAudit = PolicyRecords.audit(AuditAction.GATE_EVALUATED, r.rolloutId(),
                "wave " + wave.index() + (failed ? " failed its gates" : " passed its gates"), describe(outcomes),
                ACTOR, at, List.of(), r.policyVersion(), r.rolloutId(), null);
        RolloutStep judgedStep = new RolloutStep(state.withRollout(judged), List.of(), List.of(gateAudit), true);
        if (failed) {
            return judgedStep.then(config.onGateFailure() == RolloutSettings.GateFailureAction.ROLLBACK
                    ? rollback(judgedStep.state(), at, ACTOR, null, "wave " + wave.index() + " failed a gate")
                    : halt(judgedStep.state(), at));
        }
        if (wave.index() + 1 < judged.waves().size()) {
            return judgedStep.then(startWave(judgedStep.state(), judged, wave.index() + 1, at, ACTOR, null));
        }
        Rollout done = judged.withPhase(RolloutPhase.COMPLETED, null, at);
        return judgedStep.then(new RolloutStep(judgedStep.state().withRollout(done), List.of(),
                List.of(transition(done, "completed: the directive stays at cohort 1.0", "every wave passed", ACTOR,
                        at, null)), true));
    }

    private RolloutStep halt(FamilyState state, long at) {
        Rollout r = state.rollout().withPhase(RolloutPhase.HALTED_BY_GATE, state.rollout().currentWave(), at);
        return new RolloutStep(state.withRollout(r), List.of(), List.of(transition(r, "halted by a failed gate",
                "automatic pause; an operator may resume, roll back or abort", ACTOR, at, null)), true);
    }

    /** A new version with the controls from before the rollout, to every host. */
    RolloutStep rollback(FamilyState state, long at, String actor, String commandId, String why) {
        return withdraw(state, RolloutPhase.ROLLED_BACK, at, actor, commandId, "rolled back: " + why);
    }

    RolloutStep withdraw(FamilyState state, RolloutPhase phase, long at, String actor, String commandId, String why) {
        Rollout r = state.rollout();
        if (r.policyVersion() == 0) {
            Rollout ended = r.withPhase(phase, null, at);
            return new RolloutStep(state.withRollout(ended), List.of(), List.of(
                    transition(ended, phase.name().toLowerCase() + " before any directive was issued", why, actor, at,
                            commandId)), true);
        }
        long version = Math.max(state.lastVersion(), r.policyVersion()) + 1;
        Rollout ended = r.withPhase(phase, null, at).withDirective(version, r.previousFifo(), at);
        PolicyDirective directive = RolloutRecords.directive(ended, version, r.previousFifo(), null, 1.0,
                PolicyReasonCode.ROLLBACK, why, at);
        return new RolloutStep(state.withRollout(ended), List.of(directive),
                List.of(transition(ended, phase.name().toLowerCase(), why, actor, at, commandId),
                        issued(ended, directive, at)), true);
    }

    int requiredCreates() {
        return config.requiredCreates();
    }

    static AuditRecord transition(Rollout r, String decision, String reason, String actor, long at, String commandId) {
        return PolicyRecords.audit(AuditAction.ROLLOUT_TRANSITION, r.rolloutId(), r.phase() + ": " + decision, reason,
                actor, at, r.evidence(), r.policyVersion() == 0 ? null : r.policyVersion(), r.rolloutId(), commandId);
    }

    private static AuditRecord issued(Rollout r, PolicyDirective d, long at) {
        String decision = (d.getMode() == PolicyMode.OBSERVE ? "dry run (observe): would set " : "set ")
                + "evtchn_fifo " + d.getControls().getEvtchnFifo() + " for " + r.familyKey() + " on "
                + d.getCohortFraction() + " of hosts (version " + d.getVersion() + ", " + d.getMode() + ")";
        return PolicyRecords.audit(d.getControls().getEvtchnFifo() == ControlSetting.DENY
                        ? AuditAction.POLICY_ISSUED : AuditAction.POLICY_LIFTED, r.familyKey(), decision,
                d.getReason().getText(), ACTOR, at, d.getEvidenceEventIds(), d.getVersion(), r.rolloutId(), null);
    }

    private static String describe(List<GateOutcome> outcomes) {
        StringBuilder sb = new StringBuilder();
        for (GateOutcome g : outcomes) {
            sb.append(sb.length() == 0 ? "" : "; ").append(g.gate()).append(' ').append(g.verdict())
                    .append(" (observed ").append(g.observed()).append(", threshold ").append(g.threshold()).append(')');
        }
        return sb.toString();
    }
}
