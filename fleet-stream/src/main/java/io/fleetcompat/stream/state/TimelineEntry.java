package io.fleetcompat.stream.state;

/** One line of a guest's history as the REST timeline shows it. */
public record TimelineEntry(long at, String type, String hostId, long sequence, String eventId, String summary) {
}
