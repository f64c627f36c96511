package io.fleetcompat.dashboard.fold;

import io.fleetcompat.dashboard.view.TimelineEntry;

/**
 * A record of fleet.events or fleet.policy read as a step in one guest's life.
 *
 * @param fifoAwareKernel the guest's kernel capability when the record states it (DomainCreated), else null
 */
public record GuestStep(String instanceId, TimelineEntry entry, Boolean fifoAwareKernel) {
}
