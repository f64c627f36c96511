package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.PolicyAck;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Reads the guest id of any fleet.events record (the generated classes share no interface). */
public final class GuestEvents {

    private GuestEvents() {
    }

    /** The event's instance_id, the domain's for a PolicyAck; null when the record concerns no guest. */
    public static String instanceIdOf(SpecificRecord event) {
        if (event instanceof PolicyAck ack) {
            return ack.getDomain() == null ? null : ack.getDomain().getInstanceId();
        }
        Schema.Field field = event.getSchema().getField("instance_id");
        return field == null ? null : (String) event.get(field.pos());
    }
}
