package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.guest.GuestOutput;
import io.fleetcompat.rules.guest.PendingFifoImage;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task's hibernated guests whose pending image records FIFO, by kernel family ({@code fifo-images-store},
 * key {@code <kernel family>|<guest id>}), as the guest steps list and unlist them ({@code rules.guest.FifoImages}).
 * The entries live in the task that owns the guest, so the index and the guest state change in the same
 * transaction.
 */
final class FifoImageIndex {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, PendingFifoImage> store;

    FifoImageIndex(KeyValueStore<String, PendingFifoImage> store) {
        this.store = store;
    }

    void list(GuestOutput.FifoImageListed listed) {
        store.put(key(listed.kernelFamily(), listed.image().instanceId()), listed.image());
    }

    /** Deletes only an entry that exists: a delete of nothing would still write a tombstone to the changelog. */
    void unlist(GuestOutput.FifoImageUnlisted unlisted) {
        String key = key(unlisted.kernelFamily(), unlisted.instanceId());
        if (store.get(key) != null) {
            store.delete(key);
        }
    }

    List<PendingFifoImage> of(String kernelFamily) {
        List<PendingFifoImage> out = new ArrayList<>();
        try (KeyValueIterator<String, PendingFifoImage> entries = store.prefixScan(kernelFamily + "|", KEYS)) {
            entries.forEachRemaining(e -> out.add(e.value));
        }
        return out;
    }

    private static String key(String kernelFamily, String instanceId) {
        return kernelFamily + "|" + instanceId;
    }
}
