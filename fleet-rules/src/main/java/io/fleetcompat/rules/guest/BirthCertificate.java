package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.XenProfile;

/**
 * The guest's first boot: where it was born, what the host offered and what its kernel engaged.
 * {@code abi} stays UNKNOWN until the first GuestBooted arrives. A guest first seen mid-life (its first event is
 * not a fresh boot: fleet-stream started after it, or it came from elsewhere) gets one from that first event,
 * {@code firstSeenMidLife}: its kernel is the one that event names (a create's), or null.
 */
public record BirthCertificate(String hostId, XenProfile xenProfile, boolean hostFifoBuiltIn,
                               KernelProfile kernel, EvtchnAbi abi, long bornAt, String eventId,
                               boolean firstSeenMidLife) {

    public BirthCertificate withAbi(EvtchnAbi engaged) {
        return new BirthCertificate(hostId, xenProfile, hostFifoBuiltIn, kernel, engaged, bornAt, eventId,
                firstSeenMidLife);
    }

    /** Known FIFO-aware from birth: its kernel tries FIFO, or it engaged FIFO at its first boot. */
    public boolean fifoAware() {
        return abi == EvtchnAbi.FIFO || kernel != null && kernel.triesFifo();
    }
}
