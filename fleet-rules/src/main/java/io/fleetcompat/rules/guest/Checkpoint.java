package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnAbi;

/** A saved checkpoint waiting to be restored: the guest re-engages {@code abi} on restore (7.2). */
public record Checkpoint(String checkpointId, EvtchnAbi abi, ControlSetting evtchnFifo, String hostId,
                         String eventId) {
}
