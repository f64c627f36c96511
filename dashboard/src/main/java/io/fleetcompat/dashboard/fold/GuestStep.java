package io.fleetcompat.dashboard.fold;

import io.fleetcompat.dashboard.view.TimelineEntry;

/** A record of fleet.events or fleet.policy read as a step in one guest's life. */
public record GuestStep(String instanceId, TimelineEntry entry) {
}
