package io.fleetcompat.schema;

import io.fleetcompat.schema.avro.EventHeader;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads the common {@link EventHeader} of any agent-written record without knowing its type (the
 * generated classes share no interface), e.g. to drop duplicates by (host_id, sequence).
 */
public final class EventHeaders {

    /** Name of the header field in every agent-written record. */
    public static final String FIELD = "header";

    private EventHeaders() {}

    public static Optional<EventHeader> headerOf(SpecificRecord record) {
        Schema.Field field = record.getSchema().getField(FIELD);
        if (field == null || !field.schema().getFullName().equals(EventHeader.getClassSchema().getFullName())) {
            return Optional.empty();
        }
        return Optional.of((EventHeader) record.get(field.pos()));
    }
}
