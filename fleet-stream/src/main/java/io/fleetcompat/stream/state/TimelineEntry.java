package io.fleetcompat.stream.state;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * One line of a guest's history as the REST timeline shows it. Stored as a JSON array (field order below):
 * a guest keeps dozens, read and written with its state on every event, and field names would double them.
 * The object form of earlier versions is still read.
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"at", "type", "hostId", "sequence", "eventId", "summary"})
@JsonDeserialize(using = CompactJson.TimelineEntryReader.class)
public record TimelineEntry(long at, String type, String hostId, long sequence, String eventId, String summary) {
}
