package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.EventHeaders;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.GuestBooted;
import io.fleetcompat.schema.avro.XenProfile;
import org.apache.avro.specific.SpecificRecord;

/**
 * The guest's first boot: where it was born, what the host offered and what its kernel engaged.
 * {@code abi} stays UNKNOWN until the first GuestBooted arrives. A guest first seen mid-life (its first event is
 * not a fresh boot: fleet-stream started after it, or it came from elsewhere) gets one from that first event,
 * {@code firstSeenMidLife}: its kernel is the one that event names (a create's), or null.
 */
public record BirthCertificate(String hostId, XenProfile xenProfile, boolean hostFifoBuiltIn,
                               KernelProfile kernel, EvtchnAbi abi, long bornAt, String eventId,
                               boolean firstSeenMidLife) {

    /**
     * The certificate after one more event of the guest (the one rule: fleet-stream's fold and the dashboard's guest
     * page both call it). A fresh boot's create issues it when the guest has none, the first GuestBooted fills in the
     * ABI, and a guest whose first event is not its fresh boot gets one from that event, marked first seen mid-life.
     *
     * @param birth the certificate so far, or null
     * @param firstEvent {@code event} is the first event of the guest the caller applies
     * @throws IllegalArgumentException for a record that is not an agent event
     */
    public static BirthCertificate after(BirthCertificate birth, boolean firstEvent, SpecificRecord event) {
        EventHeader h = EventHeaders.headerOf(event)
                .orElseThrow(() -> new IllegalArgumentException("not an agent event: " + event.getSchema().getName()));
        BirthCertificate next = birth;
        if (birth == null && event instanceof DomainCreated c && c.getCreateKind() == CreateKind.FRESH_BOOT) {
            next = new BirthCertificate(h.getHostId(), h.getXenProfile(), h.getHostFifoBuiltIn(),
                    KernelProfile.of(c.getKernel()), EvtchnAbi.UNKNOWN, h.getEventTime().toEpochMilli(),
                    h.getEventId(), false);
        } else if (birth != null && birth.abi == EvtchnAbi.UNKNOWN && event instanceof GuestBooted b) {
            next = birth.withAbi(b.getAbi());
        }
        if (next == null && firstEvent) {
            next = midLife(event, h);
        }
        return next;
    }

    /** The certificate of a guest whose first event is not its fresh boot, from that event. */
    private static BirthCertificate midLife(SpecificRecord event, EventHeader h) {
        KernelProfile kernel = event instanceof DomainCreated c ? KernelProfile.of(c.getKernel()) : null;
        EvtchnAbi abi = event instanceof GuestBooted b ? b.getAbi() : EvtchnAbi.UNKNOWN;
        return new BirthCertificate(h.getHostId(), h.getXenProfile(), h.getHostFifoBuiltIn(), kernel, abi,
                h.getEventTime().toEpochMilli(), h.getEventId(), true);
    }

    public BirthCertificate withAbi(EvtchnAbi engaged) {
        return new BirthCertificate(hostId, xenProfile, hostFifoBuiltIn, kernel, engaged, bornAt, eventId,
                firstSeenMidLife);
    }

    /** Known FIFO-aware from birth: its kernel tries FIFO, or it engaged FIFO at its first boot. */
    public boolean fifoAware() {
        return abi == EvtchnAbi.FIFO || kernel != null && kernel.triesFifo();
    }
}
