package io.fleetcompat.dashboard.view;

import java.util.List;

/**
 * A guest's page.
 *
 * @param timeline by event time, oldest first; the dashboard keeps only the most recent entries per guest
 * @param truncated older entries were dropped from the bounded timeline
 * @param policy the guest's current instance-level directive, or null
 * @param streamStateUrl where fleet-stream's interactive query serves the guest's full state, or null
 * @param birth the guest's birth certificate, or null when the dashboard read no agent event of it
 */
public record GuestView(
        String instanceId,
        List<String> hosts,
        List<TimelineEntry> timeline,
        boolean truncated,
        PolicyView policy,
        String streamStateUrl,
        BirthView birth) {
}
