package io.fleetcompat.dashboard.view;

/**
 * A host as its latest heartbeat describes it.
 *
 * @param heartbeatAgeSeconds age of the latest heartbeat at the time the view was taken
 * @param stale no heartbeat within the configured stale-after window
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
        int domainsRunning) {
}
