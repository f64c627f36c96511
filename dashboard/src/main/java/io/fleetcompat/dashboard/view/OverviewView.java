package io.fleetcompat.dashboard.view;

import java.util.List;

/**
 * The fleet overview page.
 *
 * @param guestsRunning sum of {@code domains_running} over the latest heartbeat of every host
 * @param guestsTracked guests with a timeline in the dashboard's bounded store (capped)
 * @param eventsPerSecond fleet.events records per second over the last rate window
 */
public record OverviewView(
        int hosts,
        int staleHosts,
        List<ProfileCount> hostsByProfile,
        long guestsRunning,
        int guestsTracked,
        double eventsPerSecond,
        long eventsTotal,
        int policies,
        int activeRollouts,
        long deadLetters,
        List<SeriesPoint> series) {
}
