package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.EvtchnAbi;

/** A hibernation image waiting to be resumed, and the ABI its resume kernel will assume. */
public record HibernationImage(String imageId, EvtchnAbi abi, String hostId, long writtenAt, String eventId) {
}
