package io.fleetcompat.dashboard.view;

/**
 * One step of a guest's life, as one record of fleet.events or fleet.policy tells it.
 *
 * @param eventId the event's id (directive id for a policy), which policy evidence refers to
 * @param kind the record type, e.g. DomainCreated
 * @param outcome "ok", "failed" or null when the step has no outcome
 * @param policyVersion the directive version the step ran under or issued, if any
 */
public record TimelineEntry(
        long at,
        String eventId,
        String hostId,
        String xenProfile,
        String kind,
        String summary,
        String outcome,
        Long policyVersion) {
}
