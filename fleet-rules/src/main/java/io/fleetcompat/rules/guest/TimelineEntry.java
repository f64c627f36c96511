package io.fleetcompat.rules.guest;

/**
 * One line of a guest's history as the REST timeline shows it. A guest keeps dozens, read and written with its
 * state on every event, so fleet-stream stores them compactly (see its {@code CompactJson}).
 */
public record TimelineEntry(long at, String type, String hostId, long sequence, String eventId, String summary) {
}
