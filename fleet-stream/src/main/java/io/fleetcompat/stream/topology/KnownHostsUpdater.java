package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.stream.errors.DeadLetterFactory;
import io.fleetcompat.stream.errors.DeadLetterSink;
import io.fleetcompat.stream.errors.SourceBytes;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global {@code known-hosts-store} from fleet.hosts: host id -> latest HostStatus. Tombstones forget
 * the host. A record that is not a HostStatus for its key goes to the {@link DeadLetterSink} (a global processor
 * has no downstream) and the host stays as it was until a good heartbeat arrives. A good one also tells the guest
 * tasks' {@link FifoCapableProfiles} about its profile, and feeds the agents' refusal counts to
 * {@link AgentOutboxMetrics}.
 */
public final class KnownHostsUpdater implements Processor<String, byte[], Void, Void> {

    private final Deserializer<HostStatus> deserializer = Topics.HOSTS.valueSerde().deserializer();
    private final DeadLetterSink deadLetters;
    private final FifoCapableProfiles fifoCapable;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, HostStatus> store;

    KnownHostsUpdater(DeadLetterSink deadLetters, FifoCapableProfiles fifoCapable) {
        this.deadLetters = deadLetters;
        this.fifoCapable = fifoCapable;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(Names.KNOWN_HOSTS_STORE);
        deadLetters.open(context.appConfigs());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            deadLetters.send(DeadLetterFactory.invalid(source(record), "record without a key",
                    DeadLetterFactory.COMPONENT_HOSTS, record.timestamp()));
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            AgentOutboxMetrics.forget(record.key());
            return;
        }
        HostStatus status;
        try {
            status = deserializer.deserialize(Topics.HOSTS.name(), record.value());
        } catch (RuntimeException e) {
            deadLetters.send(DeadLetterFactory.undecodable(source(record), e, DeadLetterFactory.COMPONENT_HOSTS,
                    record.timestamp()));
            return;
        }
        if (!record.key().equals(status.getHeader().getHostId())) {
            deadLetters.send(DeadLetterFactory.invalid(source(record), "record key " + record.key()
                    + " is not the HostStatus host_id " + status.getHeader().getHostId(), DeadLetterFactory.COMPONENT_HOSTS,
                    record.timestamp()));
            return;
        }
        store.put(record.key(), status);
        AgentOutboxMetrics.record(status);
        fifoCapable.add(status.getHeader().getXenProfile(), status.getHeader().getHostFifoBuiltIn());
    }

    private SourceBytes source(Record<String, byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return meta == null ? new SourceBytes(Topics.HOSTS.name(), -1, -1, key, record.value())
                : new SourceBytes(meta.topic(), meta.partition(), meta.offset(), key, record.value());
    }

    @Override
    public void close() {
        deadLetters.close();
    }
}
