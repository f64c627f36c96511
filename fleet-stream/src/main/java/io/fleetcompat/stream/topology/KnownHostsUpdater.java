package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.HostStatus;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Keeps the global {@code known-hosts-store} from fleet.hosts: host id -> latest HostStatus. A global
 * processor has no downstream, so an undecodable HostStatus cannot be dead-lettered here: it is logged and
 * left out (the host stays unknown until a good heartbeat arrives). Tombstones forget the host.
 */
public final class KnownHostsUpdater implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = Logger.getLogger(KnownHostsUpdater.class);

    private final SingleObjectCodec codec = SingleObjectCodec.standard();
    private KeyValueStore<String, HostStatus> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(Names.KNOWN_HOSTS_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        try {
            if (codec.decode(record.value()) instanceof HostStatus status) {
                store.put(record.key(), status);
            } else {
                LOG.warnf("fleet.hosts record for %s is not a HostStatus; host left unknown", record.key());
            }
        } catch (RuntimeException e) {
            LOG.warnf("undecodable fleet.hosts record for %s (%s); host left unknown", record.key(), e.getMessage());
        }
    }
}
