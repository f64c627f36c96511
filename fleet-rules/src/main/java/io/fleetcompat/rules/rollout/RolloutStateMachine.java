package io.fleetcompat.rules.rollout;

import io.fleetcompat.rules.detect.FamilySignal;
import io.fleetcompat.rules.policy.PolicyRecords;
import io.fleetcompat.schema.HostCohorts;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.schema.avro.WaveStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The staged rollout of a family-level directive: escalation (or an operator's START or RETRY) opens it, waves
 * advance after N creates under the wave's directive and passing gates, a failed gate or a wave's progress deadline
 * pauses or rolls back, operators approve, pause, resume, abort or roll back, and a completed rollout is lifted once
 * the family holds no pending 2-level image any more. Pure: returns the next {@link FamilyState} and the records to
 * emit. Times: {@code at} is the input's (event or command) time, written into the records; {@code clock} is the
 * caller's wall-clock time, which only the waves' progress deadline reads.
 */
public final class RolloutStateMachine {

    public static final String ACTOR = "fleet-stream/rollout-stager";

    private final RolloutSettings config;
    private final GateEvaluator gates;
    private final RolloutCommands commands;

    public RolloutStateMachine(RolloutSettings config) {
        this.config = config;
        this.gates = new GateEvaluator(config);
        this.commands = new RolloutCommands(this, config);
    }

    public RolloutStep onSignal(FamilyState state, FamilySignal signal, long clock) {
        FamilyState next = state.withEvidence(state.evidence().record(signal, config.evidenceBucket().toMillis(),
                config.evidenceBucketsKept())).withPendingImages(state.pendingImages() + pendingDelta(signal));
        Rollout r = next.rollout();
        if (r == null || r.phase() == RolloutPhase.LIFTED) {
            // A family without a rollout, or whose last one was lifted, may escalate (again): rollout #n+1.
            return escalates(next, signal)
                    ? open(next, signal.at(), clock, RolloutSpec.denyFifo(config.scope()), config.familyMode(), ACTOR,
                    null, config.autoApprove(), config.escalationThreshold() + " or more hazards/failures within "
                            + config.escalationWindow())
                    : RolloutStep.unchanged(next);
        }
        if (r.phase() == RolloutPhase.COMPLETED) {
            return liftIfNothingPending(next, signal.at());
        }
        // After a rollback or an abort nothing reopens by itself: an operator RETRY does.
        return r.terminal() ? RolloutStep.unchanged(next) : count(next, signal, clock);
    }

    public RolloutStep onCommand(FamilyState state, RolloutCommand command, long clock) {
        return commands.apply(state, command, clock);
    }

    /** Wall-clock time passes: a running wave that counted no create within the wave deadline halts. */
    public RolloutStep onTick(FamilyState state, long clock) {
        Rollout r = state.rollout();
        WaveProgress active = r == null ? null : r.activeWave();
        long deadline = config.waveDeadline().toMillis();
        if (deadline == 0 || active == null || r.phase() != RolloutPhase.RUNNING
                || active.status() != WaveStatus.ACTIVE || active.progressClock() == null
                || clock - active.progressClock() < deadline) {
            return RolloutStep.unchanged(state);
        }
        return halt(state, clock, "wave " + active.index() + " counted no create within " + config.waveDeadline()
                + " (wave deadline)");
    }

    private static int pendingDelta(FamilySignal signal) {
        return switch (signal.kind()) {
            case HAZARD -> 1;
            case HAZARD_CLEARED -> -1;
            default -> 0;
        };
    }

    /** Hazards + §8 failures within the window reach the threshold. */
    boolean escalates(FamilyState state, FamilySignal signal) {
        if (signal.kind() != FamilySignal.Kind.HAZARD && signal.kind() != FamilySignal.Kind.SIGNATURE_FAILURE) {
            return false;
        }
        FamilyEvidence.Bucket window = state.evidence().window(signal.at(), config.escalationWindow().toMillis(),
                config.evidenceBucket().toMillis());
        return window.hazards() + window.signatureFailures() >= config.escalationThreshold();
    }

    /**
     * Opens rollout #n+1 of the family, rolling out {@code spec}; {@code start} runs it at once (auto-approve, or an
     * operator's START / RETRY, which is its approval). A rollback returns to the controls in force before it.
     */
    RolloutStep open(FamilyState state, long at, long clock, RolloutSpec spec, PolicyMode mode, String actor,
                     String commandId, boolean start, String why) {
        String key = state.familyKey();
        FamilyKey family = FamilyKey.parse(key).orElseThrow(() -> new IllegalArgumentException("not a family key: "
                + key));
        List<WaveProgress> waves = new ArrayList<>();
        for (int i = 0; i < config.waveFractions().size(); i++) {
            waves.add(WaveProgress.pending(i, config.waveFractions().get(i)));
        }
        Rollout before = state.rollout();
        ControlSetting fifo = before == null ? ControlSetting.UNSET : before.fifo();
        ControlSetting upcall = before == null ? ControlSetting.UNSET : before.upcall();
        Rollout rollout = new Rollout(RolloutIds.of(key, state.rolloutsOpened() + 1), key, family.kernelFamily(),
                family.profile(), mode, RolloutPhase.AWAITING_APPROVAL, null, waves, 0, fifo, fifo, 0, 0,
                state.evidence().recentEvidence(), null, List.of(), at, at, spec, upcall, upcall, null);
        if (commandId != null) {
            rollout = rollout.withCommand(commandId, at);
        }
        FamilyState opened = state.opened(rollout);
        AuditRecord audit = transition(rollout, "opened rollout " + rollout.rolloutId() + " setting "
                + RolloutRecords.controlsText(spec.fifo(), spec.upcall()) + " for " + key + " at " + spec.scope()
                + " (" + mode + ")", why, actor, at, commandId);
        RolloutStep step = new RolloutStep(opened, List.of(), List.of(audit), true);
        return start ? step.then(start(opened, at, clock, actor, commandId)) : step;
    }

    /** AWAITING_APPROVAL -> RUNNING: wave 0 starts with the first directive version. */
    RolloutStep start(FamilyState state, long at, long clock, String actor, String commandId) {
        Rollout r = state.rollout().withPhase(RolloutPhase.RUNNING, 0, at);
        return startWave(state, r, 0, at, clock, actor, commandId);
    }

    RolloutStep startWave(FamilyState state, Rollout rollout, int index, long at, long clock, String actor,
                          String commandId) {
        long version = Math.max(state.lastVersion(), rollout.policyVersion()) + 1;
        WaveProgress wave = rollout.waves().get(index).started(version, at, clock);
        RolloutSpec spec = rollout.spec();
        Rollout r = rollout.withWave(wave, at).withPhase(RolloutPhase.RUNNING, index, at)
                .withDirective(version, spec.fifo(), spec.upcall(), at);
        PolicyDirective directive = RolloutRecords.directive(r, version, spec.fifo(), spec.upcall(), index,
                wave.hostFraction(), PolicyReasonCode.FAMILY_ROLLOUT, "family rollout " + r.rolloutId() + ", wave "
                        + index + " (" + wave.hostFraction() + " of hosts, " + spec.scope() + ")", at);
        List<AuditRecord> audits = List.of(
                transition(r, "wave " + index + " started at " + wave.hostFraction() + " of hosts", "rollout running",
                        actor, at, commandId),
                issued(r, directive, at));
        return new RolloutStep(state.withRollout(r), List.of(directive), audits, true);
    }

    private RolloutStep count(FamilyState state, FamilySignal s, long clock) {
        Rollout r = state.rollout();
        WaveProgress active = r.activeWave();
        boolean inActive = active != null && active.version() != null && s.underPolicy(r.familyKey(), active.version());
        boolean running = r.phase() == RolloutPhase.RUNNING;
        switch (s.kind()) {
            case RESUME_OK, RESUME_FAILED -> {
                // Under the wave: a resume on a host inside its cohort, whatever protected it (the family directive
                // or the agent's edge fail-safe); outside: the rest of the family's hosts of this profile. A rollout
                // of resumes of 2-level images speaks for those only: other resumes say nothing about it.
                if (r.spec().scope() == DirectiveScope.RESUMES_OF_2L_IMAGES && !s.twoLevelImage()) {
                    return RolloutStep.unchanged(state);
                }
                int failed = s.kind() == FamilySignal.Kind.RESUME_FAILED ? 1 : 0;
                if (active == null || !HostCohorts.inCohort(s.hostId(), active.hostFraction())) {
                    return new RolloutStep(state.withRollout(r.withOutside(1, failed)), List.of(), List.of(), false);
                }
                if (running) {
                    return afterCount(state, r, active.counted(0, 1, failed, 0, 0, 0), s.at(), clock);
                }
            }
            case CREATE -> {
                if (running && active != null && createCounts(r, active, s)) {
                    return afterCount(state, r, active.counted(1, 0, 0, 0, 0, 0).progressedAt(clock), s.at(), clock);
                }
            }
            case PORT_LIMIT -> {
                if (inActive && running) {
                    return afterCount(state, r, active.counted(0, 0, 0, 1, 0, 0), s.at(), clock);
                }
            }
            case ACK, IMAGE_CONFLICT -> {
                if (inActive && running) {
                    int rejected = s.kind() == FamilySignal.Kind.ACK && s.ackOutcome() == AckOutcome.REJECTED ? 1 : 0;
                    return afterCount(state, r, active.counted(0, 0, 0, 0, 1, rejected), s.at(), clock);
                }
            }
            default -> {
            }
        }
        return RolloutStep.unchanged(state);
    }

    /**
     * A rollout of resumes of 2-level images counts the creates it speaks for: resumes of 2-level images on hosts in
     * the wave's cohort, whatever decided them (the family directive, the guest's own image-bound directive, which
     * wins, or the agent's edge fail-safe). Otherwise ENFORCE counts creates under the wave's version, and a dry run
     * (or advice) counts in-cohort creates.
     */
    private static boolean createCounts(Rollout r, WaveProgress active, FamilySignal s) {
        if (r.spec().scope() == DirectiveScope.RESUMES_OF_2L_IMAGES) {
            return s.twoLevelImage() && HostCohorts.inCohort(s.hostId(), active.hostFraction());
        }
        if (r.mode() == PolicyMode.ENFORCE) {
            return s.underPolicy(r.familyKey(), active.version());
        }
        return !r.familyKey().equals(s.policyKey()) && HostCohorts.inCohort(s.hostId(), active.hostFraction());
    }

    private RolloutStep afterCount(FamilyState state, Rollout r, WaveProgress counted, long at, long clock) {
        Rollout next = r.withWave(counted, at);
        FamilyState updated = state.withRollout(next);
        if (counted.createsObserved() >= config.requiredCreates()) {
            return completeWave(updated, at, clock);
        }
        return new RolloutStep(updated, List.of(), List.of(), true);
    }

    /** The active wave reached its creates: evaluate its gates, then advance, pause or roll back. */
    RolloutStep completeWave(FamilyState state, long at, long clock) {
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
            String why = "wave " + wave.index() + " failed a gate: " + describe(outcomes.stream()
                    .filter(GateOutcome::failed).toList());
            return judgedStep.then(config.onGateFailure() == RolloutSettings.GateFailureAction.ROLLBACK
                    ? rollback(judgedStep.state(), at, ACTOR, null, why)
                    : halt(judgedStep.state(), at, why));
        }
        if (wave.index() + 1 < judged.waves().size()) {
            return judgedStep.then(startWave(judgedStep.state(), judged, wave.index() + 1, at, clock, ACTOR, null));
        }
        Rollout done = judged.withPhase(RolloutPhase.COMPLETED, null, at);
        RolloutStep completed = judgedStep.then(new RolloutStep(judgedStep.state().withRollout(done), List.of(),
                List.of(transition(done, "completed: the directive stays at cohort 1.0 until the family holds no "
                        + "pending 2-level image", "every wave passed", ACTOR, at, null)), true));
        return completed.then(liftIfNothingPending(completed.state(), at));
    }

    /**
     * A completed rollout is lifted by evidence: once none of the family's FIFO-aware guests holds a pending 2-level
     * image, nothing is left for its directive to protect. A new version unsets its controls; phase LIFTED.
     */
    private RolloutStep liftIfNothingPending(FamilyState state, long at) {
        if (state.pendingImages() > 0) {
            return RolloutStep.unchanged(state);
        }
        return withdraw(state, RolloutPhase.LIFTED, at, ACTOR, null, PolicyReasonCode.LIFTED,
                "lifted: no guest of the family holds a pending 2-level hibernation image any more",
                ControlSetting.UNSET, ControlSetting.UNSET);
    }

    /** A pause by a failed gate or a missed deadline: an operator may resume, roll back or abort. */
    RolloutStep halt(FamilyState state, long at, String why) {
        Rollout r = state.rollout().withPhase(RolloutPhase.HALTED_BY_GATE, state.rollout().currentWave(), at)
                .withHaltReason(why);
        return new RolloutStep(state.withRollout(r), List.of(), List.of(transition(r, "halted: " + why,
                "automatic pause; an operator may resume, roll back or abort", ACTOR, at, null)), true);
    }

    /** A new version with the controls from before the rollout, to every host. */
    RolloutStep rollback(FamilyState state, long at, String actor, String commandId, String why) {
        Rollout r = state.rollout();
        return withdraw(state, RolloutPhase.ROLLED_BACK, at, actor, commandId, PolicyReasonCode.ROLLBACK,
                "rolled back: " + why, r.previousFifo(), r.previousUpcall());
    }

    RolloutStep abort(FamilyState state, long at, String actor, String commandId, String why) {
        Rollout r = state.rollout();
        return withdraw(state, RolloutPhase.ABORTED, at, actor, commandId, PolicyReasonCode.ROLLBACK, why,
                r.previousFifo(), r.previousUpcall());
    }

    private RolloutStep withdraw(FamilyState state, RolloutPhase phase, long at, String actor, String commandId,
                                 PolicyReasonCode code, String why, ControlSetting fifo, ControlSetting upcall) {
        Rollout r = state.rollout();
        String reason = phase == RolloutPhase.LIFTED ? null : why;
        if (r.policyVersion() == 0) {
            Rollout ended = r.withPhase(phase, null, at).withHaltReason(reason);
            return new RolloutStep(state.withRollout(ended), List.of(), List.of(
                    transition(ended, phase.name().toLowerCase() + " before any directive was issued", why, actor, at,
                            commandId)), true);
        }
        long version = Math.max(state.lastVersion(), r.policyVersion()) + 1;
        Rollout ended = r.withPhase(phase, null, at).withDirective(version, fifo, upcall, at).withHaltReason(reason);
        PolicyDirective directive = RolloutRecords.directive(ended, version, fifo, upcall, null, 1.0, code, why, at);
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
        ControlSetting fifo = d.getControls().getEvtchnFifo();
        ControlSetting upcall = d.getControls().getEvtchnUpcall();
        boolean lifting = fifo == ControlSetting.UNSET && upcall == ControlSetting.UNSET;
        String decision = (d.getMode() == PolicyMode.OBSERVE ? "dry run (observe): would set " : "set ")
                + RolloutRecords.controlsText(fifo, upcall) + " for " + r.familyKey() + " on "
                + d.getCohortFraction() + " of hosts (version " + d.getVersion() + ", " + d.getMode() + ", "
                + d.getScope() + ")";
        return PolicyRecords.audit(lifting ? AuditAction.POLICY_LIFTED : AuditAction.POLICY_ISSUED, r.familyKey(),
                decision, d.getReason().getText(), ACTOR, at, d.getEvidenceEventIds(), d.getVersion(), r.rolloutId(),
                null);
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
