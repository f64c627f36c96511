package io.fleetcompat.dashboard.view;

/**
 * A host as its latest heartbeat describes it.
 *
 * @param heartbeatAgeSeconds age of the latest heartbeat at the time the view was taken
 * @param stale no heartbeat within the configured stale-after window
 * @param outboxFillPercent bytes the outbox holds as a percentage of its bound; null when the agent did not say
 * @param eventsRefused events the full outbox refused since the agent started: lost to the fleet's history
 * @param alarm the agent's alarm (e.g. OUTBOX_FULL) when its latest status was one; null for a heartbeat
 * @param alarmed an alarm, or events refused: the agent needs someone's attention
 */
public record HostView(
        String hostId,
        String xenProfile,
        boolean fifoBuiltIn,
        String agentVersion,
        long lastHeartbeatAt,
        long heartbeatAgeSeconds,
        boolean stale,
        long outboxDepth,
        Long lastPolicyVersion,
        int policyTableSize,
        int domainsRunning,
        Double outboxFillPercent,
        long eventsRefused,
        String alarm,
        boolean alarmed) {
}
