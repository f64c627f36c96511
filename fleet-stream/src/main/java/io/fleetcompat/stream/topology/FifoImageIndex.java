package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.GuestResumed;
import io.fleetcompat.stream.state.GuestState;
import io.fleetcompat.stream.state.PendingFifoImage;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task's hibernated guests whose pending image records FIFO, by kernel family ({@code fifo-images-store},
 * key {@code <kernel family>|<guest id>}): when a family denial begins, these are the guests that need a permit
 * before they resume, found by a prefix scan instead of a pass over every guest. The entries live in the task
 * that owns the guest, so the index and the guest state change in the same transaction.
 */
final class FifoImageIndex {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, PendingFifoImage> store;

    FifoImageIndex(KeyValueStore<String, PendingFifoImage> store) {
        this.store = store;
    }

    /** Follows one accepted event: a hibernation lists or unlists the guest, a resume or a fresh boot unlists it. */
    void track(GuestState before, GuestState after, SpecificRecord event) {
        boolean hibernated = event instanceof GuestHibernated;
        boolean imageUsed = event instanceof GuestResumed
                || event instanceof DomainCreated c && c.getCreateKind() == CreateKind.FRESH_BOOT;
        if (!hibernated && !imageUsed) {
            return;
        }
        // A resume's boot kernel may name another family than the hibernated one: unlist under both.
        unlist(before);
        unlist(after);
        if (hibernated && after.kernel() != null && after.image() != null && after.image().abi() == EvtchnAbi.FIFO) {
            store.put(key(after.kernel().family(), after.instanceId()), new PendingFifoImage(after.instanceId(),
                    after.image().eventId(), after.image().writtenAt(), false));
        }
    }

    List<PendingFifoImage> of(String kernelFamily) {
        List<PendingFifoImage> out = new ArrayList<>();
        try (KeyValueIterator<String, PendingFifoImage> entries = store.prefixScan(kernelFamily + "|", KEYS)) {
            entries.forEachRemaining(e -> out.add(e.value));
        }
        return out;
    }

    /** The guest's image was audited as a finding under a family denial: once per image, whatever the waves. */
    void markAudited(String kernelFamily, String instanceId) {
        PendingFifoImage pending = store.get(key(kernelFamily, instanceId));
        if (pending != null && !pending.audited()) {
            store.put(key(kernelFamily, instanceId), pending.withAudited());
        }
    }

    void remove(String kernelFamily, String instanceId) {
        store.delete(key(kernelFamily, instanceId));
    }

    private void unlist(GuestState state) {
        if (state.kernel() != null && store.get(key(state.kernel().family(), state.instanceId())) != null) {
            store.delete(key(state.kernel().family(), state.instanceId()));
        }
    }

    private static String key(String kernelFamily, String instanceId) {
        return kernelFamily + "|" + instanceId;
    }
}
