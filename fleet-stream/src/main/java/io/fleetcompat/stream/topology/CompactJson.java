package io.fleetcompat.stream.topology;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.fleetcompat.rules.guest.HostSequences;
import io.fleetcompat.rules.guest.TimelineEntry;
import java.io.IOException;

/**
 * The small records a guest state keeps many of (timeline lines, dedup-window entries), written as positional JSON
 * arrays to keep the state small. The records live in fleet-rules, which knows nothing of Jackson: their JSON shape
 * is attached here as mix-ins, on the stores' mapper and on the REST one. The readers also read the object form
 * earlier versions wrote, so existing stores and changelogs stay readable after an upgrade.
 */
public final class CompactJson {

    private CompactJson() {
    }

    /** Gives {@code mapper} the compact shapes; returns it. */
    public static ObjectMapper register(ObjectMapper mapper) {
        return mapper.addMixIn(TimelineEntry.class, TimelineEntryShape.class)
                .addMixIn(HostSequences.Seen.class, SeenShape.class);
    }

    /** A timeline line as {@code [at, type, hostId, sequence, eventId, summary]}. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"at", "type", "hostId", "sequence", "eventId", "summary"})
    @JsonDeserialize(using = TimelineEntryReader.class)
    private interface TimelineEntryShape {
    }

    /** A dedup-window entry as {@code [sequence, eventId]}. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"sequence", "eventId"})
    @JsonDeserialize(using = SeenReader.class)
    private interface SeenShape {
    }

    /** Next element of the array being read (streaming: the array form is read on every event). */
    private static long nextNumber(JsonParser p) throws IOException {
        p.nextToken();
        return p.getValueAsLong();
    }

    private static String nextText(JsonParser p) throws IOException {
        return p.nextToken() == JsonToken.VALUE_NULL ? null : p.getValueAsString();
    }

    /** Skips what is left of the array (elements a later version may append). */
    private static void endArray(JsonParser p) throws IOException {
        while (p.nextToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
        }
    }

    /** Element {@code index} of an array, or field {@code name} of an object. */
    private static JsonNode field(JsonNode node, int index, String name) {
        JsonNode value = node.isArray() ? node.get(index) : node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private static String text(JsonNode node, int index, String name) {
        JsonNode value = field(node, index, name);
        return value == null ? null : value.asText();
    }

    private static long number(JsonNode node, int index, String name) {
        JsonNode value = field(node, index, name);
        return value == null ? 0 : value.asLong();
    }

    static final class TimelineEntryReader extends StdDeserializer<TimelineEntry> {
        private static final long serialVersionUID = 1L;

        TimelineEntryReader() {
            super(TimelineEntry.class);
        }

        @Override
        public TimelineEntry deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.isExpectedStartArrayToken()) {
                TimelineEntry entry = new TimelineEntry(nextNumber(p), nextText(p), nextText(p), nextNumber(p),
                        nextText(p), nextText(p));
                endArray(p);
                return entry;
            }
            JsonNode n = p.readValueAsTree();
            return new TimelineEntry(number(n, 0, "at"), text(n, 1, "type"), text(n, 2, "hostId"),
                    number(n, 3, "sequence"), text(n, 4, "eventId"), text(n, 5, "summary"));
        }
    }

    static final class SeenReader extends StdDeserializer<HostSequences.Seen> {
        private static final long serialVersionUID = 1L;

        SeenReader() {
            super(HostSequences.Seen.class);
        }

        @Override
        public HostSequences.Seen deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.isExpectedStartArrayToken()) {
                HostSequences.Seen seen = new HostSequences.Seen(nextNumber(p), nextText(p));
                endArray(p);
                return seen;
            }
            JsonNode n = p.readValueAsTree();
            return new HostSequences.Seen(number(n, 0, "sequence"), text(n, 1, "eventId"));
        }
    }
}
