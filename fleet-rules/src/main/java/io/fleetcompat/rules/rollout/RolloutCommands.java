package io.fleetcompat.rules.rollout;

import io.fleetcompat.rules.policy.PolicyRecords;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.RolloutPhase;
import java.util.ArrayList;
import java.util.List;

/**
 * Operator commands on a family's rollouts. A command id already applied is ignored; a command the rollout's phase
 * does not allow is rejected with an audit record, never silently dropped. START opens a rollout for a family that
 * has none under way; RETRY opens the next one with the settings of a rolled-back or aborted one. Either is its own
 * approval: the new rollout runs at once.
 */
final class RolloutCommands {

    private final RolloutStateMachine machine;
    private final RolloutSettings config;

    RolloutCommands(RolloutStateMachine machine, RolloutSettings config) {
        this.machine = machine;
        this.config = config;
    }

    RolloutStep apply(FamilyState state, RolloutCommand c, long clock) {
        Rollout r = state.rollout();
        long at = c.issuedAt();
        if (r != null && r.appliedCommandIds().contains(c.commandId())) {
            return RolloutStep.unchanged(state);
        }
        if (c.action() == OperatorAction.START) {
            return start(state, c, clock);
        }
        if (r == null || !r.rolloutId().equals(c.rolloutId())) {
            return new RolloutStep(state, List.of(), List.of(rejected(c, subject(c), "no such rollout (current: "
                    + (r == null ? "none" : r.rolloutId()) + ")")), false);
        }
        FamilyState marked = state.withRollout(r.withCommand(c.commandId(), at));
        RolloutPhase phase = r.phase();
        RolloutStep step = !allowed(r).contains(c.action()) ? null : switch (c.action()) {
            case APPROVE -> machine.start(marked, at, clock, c.actor(), c.commandId());
            case PAUSE -> moveTo(marked, RolloutPhase.PAUSED, c, clock);
            case RESUME -> resume(marked, c, clock);
            case ABORT -> machine.abort(marked, at, c.actor(), c.commandId(), "aborted by " + c.actor() + ": "
                    + c.reason());
            case ROLLBACK -> machine.rollback(marked, at, c.actor(), c.commandId(), "by " + c.actor() + ": "
                    + c.reason());
            case RETRY -> machine.open(marked, at, clock, r.spec(), r.mode(), c.actor(), c.commandId(), true,
                    "retry of " + r.rolloutId() + " by " + c.actor() + ": " + c.reason());
            default -> null;
        };
        if (step == null) {
            return new RolloutStep(marked, List.of(), List.of(rejected(c, subject(c), c.action()
                    + " is not allowed in phase " + phase)), true);
        }
        return new RolloutStep(step.state(), step.directives(), prepend(accepted(c, c.rolloutId(),
                c.action() + " accepted in phase " + phase), step.audits()), true);
    }

    /**
     * The operator commands the rollout accepts in its phase, in a fixed order. The one answer to "what may an
     * operator do now": {@link #apply} refuses anything else, and RolloutState.allowed_actions publishes it.
     */
    static List<OperatorAction> allowed(Rollout r) {
        return switch (r.phase()) {
            case AWAITING_APPROVAL -> List.of(OperatorAction.APPROVE, OperatorAction.ABORT);
            case RUNNING -> List.of(OperatorAction.PAUSE, OperatorAction.ABORT, OperatorAction.ROLLBACK);
            case PAUSED, HALTED_BY_GATE -> List.of(OperatorAction.RESUME, OperatorAction.ABORT,
                    OperatorAction.ROLLBACK);
            case COMPLETED -> List.of(OperatorAction.ROLLBACK);
            case ROLLED_BACK, ABORTED -> List.of(OperatorAction.RETRY);
            default -> List.of();
        };
    }

    /** START for a family with no rollout under way (none yet, or only ended ones): rollout #n+1 runs. */
    private RolloutStep start(FamilyState state, RolloutCommand c, long clock) {
        Rollout r = state.rollout();
        if (r != null && !r.terminal()) {
            return new RolloutStep(state, List.of(), List.of(rejected(c, subject(c), "rollout " + r.rolloutId()
                    + " is " + r.phase() + ": START opens a rollout only for a family with none under way")), false);
        }
        RolloutSpec spec = new RolloutSpec(c.fifo(), c.upcall(), c.scope() == null ? config.scope() : c.scope());
        if (!RolloutSpec.FAMILY_SCOPES.contains(spec.scope())) {
            return new RolloutStep(state, List.of(), List.of(rejected(c, subject(c), "rollout_scope " + spec.scope()
                    + " is not one a family rollout may take: " + RolloutSpec.FAMILY_SCOPES)), false);
        }
        if (spec.setsNothing()) {
            return new RolloutStep(state, List.of(), List.of(rejected(c, subject(c),
                    "rollout_controls set no control: nothing to roll out")), false);
        }
        RolloutStep step = machine.open(state, c.issuedAt(), clock, spec, config.familyMode(), c.actor(),
                c.commandId(), true, "started by " + c.actor() + ": " + c.reason());
        return new RolloutStep(step.state(), step.directives(), prepend(accepted(c, step.state().rollout().rolloutId(),
                "START accepted: " + step.state().rollout().rolloutId()), step.audits()), true);
    }

    private RolloutStep resume(FamilyState state, RolloutCommand c, long clock) {
        Rollout r = state.rollout();
        if (r.phase() == RolloutPhase.PAUSED) {
            // A paused wave's deadline runs from its resume, not from before the pause.
            FamilyState next = state.withRollout(r.withWave(r.activeWave().progressedAt(clock), c.issuedAt()));
            RolloutStep step = moveTo(next, RolloutPhase.RUNNING, c, clock);
            WaveProgress active = step.state().rollout().activeWave();
            return active.createsObserved() >= machine.requiredCreates()
                    ? step.then(machine.completeWave(step.state(), c.issuedAt(), clock)) : step;
        }
        FamilyState next = state.withRollout(r.withWave(r.activeWave().restarted(c.issuedAt(), clock),
                c.issuedAt()));
        return moveTo(next, RolloutPhase.RUNNING, c, clock);
    }

    private static RolloutStep moveTo(FamilyState state, RolloutPhase phase, RolloutCommand c, long clock) {
        Rollout r = state.rollout().withPhase(phase, state.rollout().currentWave(), c.issuedAt()).withHaltReason(null);
        return new RolloutStep(state.withRollout(r), List.of(), List.of(RolloutStateMachine.transition(r,
                c.action().name().toLowerCase() + " by " + c.actor(), c.reason(), c.actor(), c.issuedAt(),
                c.commandId())), true);
    }

    /** The audit subject of a command: its rollout, or for START its family. */
    private static String subject(RolloutCommand c) {
        if (c.action() == OperatorAction.START) {
            return c.familyKey() == null ? "unknown" : c.familyKey();
        }
        return c.rolloutId() == null ? "unknown" : c.rolloutId();
    }

    private static AuditRecord accepted(RolloutCommand c, String subject, String decision) {
        return PolicyRecords.audit(AuditAction.COMMAND_ACCEPTED, subject, decision, c.reason(), c.actor(),
                c.issuedAt(), List.of(), null, subject, c.commandId());
    }

    private static AuditRecord rejected(RolloutCommand c, String subject, String why) {
        return PolicyRecords.audit(AuditAction.COMMAND_REJECTED, subject, c.action() + " rejected", why, c.actor(),
                c.issuedAt(), List.of(), null, c.rolloutId(), c.commandId());
    }

    private static List<AuditRecord> prepend(AuditRecord first, List<AuditRecord> rest) {
        List<AuditRecord> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
