package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.stream.detect.FifoCapability;
import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The guest processor's view of the fleet's hosts: whether a host is known, and which FIFO-capable Xen
 * profiles exist (a resume may land on any of them). The profile set is read from the global store once,
 * then kept current from the headers of the events this task sees, so no event pays a store scan.
 */
final class HostDirectory {

    private final ReadOnlyKeyValueStore<String, HostStatus> hosts;
    private Set<XenProfile> fifoCapable;

    HostDirectory(ReadOnlyKeyValueStore<String, HostStatus> hosts) {
        this.hosts = hosts;
    }

    boolean known(String hostId) {
        try {
            return hostId != null && hosts.get(hostId) != null;
        } catch (SerializationException e) {
            return false;
        }
    }

    void learn(EventHeader header) {
        if (FifoCapability.isFifoCapable(header.getXenProfile(), header.getHostFifoBuiltIn())) {
            fifoCapableProfiles().add(header.getXenProfile());
        }
    }

    Set<XenProfile> fifoCapableProfiles() {
        if (fifoCapable == null || fifoCapable.isEmpty()) {
            fifoCapable = EnumSet.noneOf(XenProfile.class);
            try (KeyValueIterator<String, HostStatus> all = hosts.all()) {
                while (all.hasNext()) {
                    KeyValue<String, HostStatus> host = all.next();
                    EventHeader h = host.value.getHeader();
                    if (FifoCapability.isFifoCapable(h.getXenProfile(), h.getHostFifoBuiltIn())) {
                        fifoCapable.add(h.getXenProfile());
                    }
                }
            } catch (SerializationException e) {
                // A corrupt heartbeat in the store: the profiles seen so far and the headers still count.
            }
        }
        return fifoCapable;
    }
}
