package io.fleetcompat.dashboard.view;

/**
 * An operator command as read back from fleet.commands, with fleet-stream's verdict once audited.
 *
 * @param target rollout id or guest id
 * @param verdict PENDING until fleet.audit records a verdict for it: ACCEPTED (COMMAND_ACCEPTED, or the
 *                POLICY_ISSUED / POLICY_LIFTED of a guest PIN / UNPIN) or REJECTED (COMMAND_REJECTED)
 */
public record ActionEntry(
        String commandId,
        long issuedAt,
        String actor,
        String action,
        String target,
        String reason,
        String verdict,
        String verdictDetail) {
}
