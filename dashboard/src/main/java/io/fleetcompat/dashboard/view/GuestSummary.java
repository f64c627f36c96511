package io.fleetcompat.dashboard.view;

/** A guest in the recent-guests list. */
public record GuestSummary(String instanceId, String lastKind, long lastAt, String lastHostId) {
}
