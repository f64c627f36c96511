package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.XenProfile;

/**
 * The guest's first boot: where it was born, what the host offered and what its kernel engaged.
 * {@code abi} stays UNKNOWN until the first GuestBooted arrives.
 */
public record BirthCertificate(String hostId, XenProfile xenProfile, boolean hostFifoBuiltIn,
                               KernelProfile kernel, EvtchnAbi abi, long bornAt, String eventId) {

    public BirthCertificate withAbi(EvtchnAbi engaged) {
        return new BirthCertificate(hostId, xenProfile, hostFifoBuiltIn, kernel, engaged, bornAt, eventId);
    }
}
