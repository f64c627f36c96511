package io.fleetcompat.rules.rollout;

import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.rules.policy.PolicyRecords;
import java.util.List;

/**
 * Operator commands on a rollout. A command id already applied is ignored; a command the rollout's phase
 * does not allow is rejected with an audit record, never silently dropped.
 */
final class RolloutCommands {

    private final RolloutStateMachine machine;

    RolloutCommands(RolloutStateMachine machine) {
        this.machine = machine;
    }

    RolloutStep apply(FamilyState state, RolloutCommand c) {
        Rollout r = state.rollout();
        long at = c.issuedAt();
        if (r == null || !r.rolloutId().equals(c.rolloutId())) {
            return new RolloutStep(state, List.of(), List.of(rejected(c, "no such rollout (current: "
                    + (r == null ? "none" : r.rolloutId()) + ")")), false);
        }
        if (r.appliedCommandIds().contains(c.commandId())) {
            return RolloutStep.unchanged(state);
        }
        FamilyState marked = state.withRollout(r.withCommand(c.commandId(), at));
        RolloutPhase phase = r.phase();
        RolloutStep step = !allowed(r).contains(c.action()) ? null : switch (c.action()) {
            case APPROVE -> machine.start(marked, at, c.actor(), c.commandId());
            case PAUSE -> moveTo(marked, RolloutPhase.PAUSED, c);
            case RESUME -> resume(marked, c);
            case ABORT -> machine.withdraw(marked, RolloutPhase.ABORTED, at, c.actor(), c.commandId(),
                    "aborted by " + c.actor() + ": " + c.reason());
            case ROLLBACK -> machine.rollback(marked, at, c.actor(), c.commandId(), "by " + c.actor() + ": "
                    + c.reason());
            default -> null;
        };
        if (step == null) {
            return new RolloutStep(marked, List.of(), List.of(rejected(c, c.action() + " is not allowed in phase "
                    + phase)), true);
        }
        return new RolloutStep(step.state(), step.directives(), prepend(accepted(c, phase), step.audits()), true);
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
            default -> List.of();
        };
    }

    private RolloutStep resume(FamilyState state, RolloutCommand c) {
        Rollout r = state.rollout();
        if (r.phase() == RolloutPhase.PAUSED) {
            RolloutStep step = moveTo(state, RolloutPhase.RUNNING, c);
            WaveProgress active = step.state().rollout().activeWave();
            return active != null && active.createsObserved() >= machine.requiredCreates()
                    ? step.then(machine.completeWave(step.state(), c.issuedAt())) : step;
        }
        if (r.phase() == RolloutPhase.HALTED_BY_GATE) {
            FamilyState next = state.withRollout(r.withWave(r.activeWave().restarted(c.issuedAt()), c.issuedAt()));
            return moveTo(next, RolloutPhase.RUNNING, c);
        }
        return null;
    }

    private static RolloutStep moveTo(FamilyState state, RolloutPhase phase, RolloutCommand c) {
        Rollout r = state.rollout().withPhase(phase, state.rollout().currentWave(), c.issuedAt());
        return new RolloutStep(state.withRollout(r), List.of(), List.of(RolloutStateMachine.transition(r,
                c.action().name().toLowerCase() + " by " + c.actor(), c.reason(), c.actor(), c.issuedAt(),
                c.commandId())), true);
    }

    private static AuditRecord accepted(RolloutCommand c, RolloutPhase from) {
        return PolicyRecords.audit(AuditAction.COMMAND_ACCEPTED, c.rolloutId(), c.action() + " accepted in phase "
                + from, c.reason(), c.actor(), c.issuedAt(), List.of(), null, c.rolloutId(), c.commandId());
    }

    private static AuditRecord rejected(RolloutCommand c, String why) {
        return PolicyRecords.audit(AuditAction.COMMAND_REJECTED, c.rolloutId() == null ? "unknown" : c.rolloutId(),
                c.action() + " rejected", why, c.actor(), c.issuedAt(), List.of(), null, c.rolloutId(), c.commandId());
    }

    private static List<AuditRecord> prepend(AuditRecord first, List<AuditRecord> rest) {
        java.util.ArrayList<AuditRecord> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
