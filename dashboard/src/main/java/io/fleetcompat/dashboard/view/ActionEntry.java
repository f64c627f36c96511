package io.fleetcompat.dashboard.view;

/**
 * An operator command as read back from fleet.commands, with fleet-stream's verdict once audited.
 *
 * @param target rollout id or guest id
 * @param verdict PENDING until fleet.audit records COMMAND_ACCEPTED or COMMAND_REJECTED for it
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
