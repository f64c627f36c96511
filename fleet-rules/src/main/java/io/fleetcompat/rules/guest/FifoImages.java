package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.GuestResumed;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The index of hibernated guests whose pending image records FIFO, by kernel family: when a family denial begins,
 * these are the guests that need a permit before they resume, found without a pass over every guest. This says how
 * one accepted event changes it; fleet-stream keeps the index in a store of the guest's task.
 */
public final class FifoImages {

    private FifoImages() {
    }

    /**
     * A hibernation lists or unlists the guest, a resume or a fresh boot unlists it.
     * @param audited the image's finding under a family denial was audited at this very event
     */
    public static List<GuestOutput> updates(GuestState before, GuestState after, SpecificRecord event,
                                            boolean audited) {
        boolean hibernated = event instanceof GuestHibernated;
        boolean imageUsed = event instanceof GuestResumed
                || event instanceof DomainCreated c && c.getCreateKind() == CreateKind.FRESH_BOOT;
        List<GuestOutput> out = new ArrayList<>();
        if (!hibernated && !imageUsed) {
            return out;
        }
        // A resume's boot kernel may name another family than the hibernated one: unlist under both.
        if (before.kernel() != null) {
            out.add(new GuestOutput.FifoImageUnlisted(before.kernel().family(), before.instanceId()));
        }
        if (after.kernel() != null && (before.kernel() == null
                || !before.kernel().family().equals(after.kernel().family()))) {
            out.add(new GuestOutput.FifoImageUnlisted(after.kernel().family(), after.instanceId()));
        }
        if (hibernated && after.kernel() != null && after.image() != null && after.image().abi() == EvtchnAbi.FIFO) {
            out.add(new GuestOutput.FifoImageListed(after.kernel().family(), new PendingFifoImage(after.instanceId(),
                    after.image().eventId(), after.image().writtenAt(), audited)));
        }
        return out;
    }
}
