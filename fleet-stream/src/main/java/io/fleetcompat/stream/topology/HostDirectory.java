package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.guest.HostView;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.XenProfile;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The guest processor's view of the fleet's hosts: whether a host is known, and which FIFO-capable Xen
 * profiles exist (a resume may land on any of them). The profiles come from the topology's shared
 * {@link FifoCapableProfiles}, kept current by the global store's processor and by event headers; the global store
 * is scanned once, when the task starts, for the hosts it held before (restored from its local checkpoint, they
 * never pass the processor again), so no event pays a scan.
 */
final class HostDirectory implements HostView {

    private final ReadOnlyKeyValueStore<String, HostStatus> hosts;
    private final FifoCapableProfiles fifoCapable;

    HostDirectory(ReadOnlyKeyValueStore<String, HostStatus> hosts, FifoCapableProfiles fifoCapable) {
        this.hosts = hosts;
        this.fifoCapable = fifoCapable;
        try (KeyValueIterator<String, HostStatus> all = hosts.all()) {
            while (all.hasNext()) {
                EventHeader h = all.next().value.getHeader();
                fifoCapable.add(h.getXenProfile(), h.getHostFifoBuiltIn());
            }
        } catch (SerializationException e) {
            // A corrupt heartbeat in the store: the profiles seen so far, later heartbeats and headers still count.
        }
    }

    @Override
    public boolean known(String hostId) {
        try {
            return hostId != null && hosts.get(hostId) != null;
        } catch (SerializationException e) {
            return false;
        }
    }

    void learn(EventHeader header) {
        fifoCapable.add(header.getXenProfile(), header.getHostFifoBuiltIn());
    }

    /** Read-only, O(1). */
    @Override
    public Set<XenProfile> fifoCapableProfiles() {
        return fifoCapable.current();
    }
}
