package io.fleetcompat.launcher.audit;

import io.fleetcompat.schema.EventDecodingException;
import io.fleetcompat.schema.EventHeaders;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.PolicyAck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The agents' records on fleet.events and fleet.hosts, and the coordinates fleet.dead-letters names: the wire half
 * of a {@link DeliveryAudit}. Records that do not decode (not an agent's) are left out.
 */
public record WireLedger(List<WireEvent> events, Set<WireEvent.SourceRecord> deadLettered) {

    /** The topics it is made of. */
    public static final List<String> TOPICS = List.of(Topics.EVENTS.name(), Topics.HOSTS.name(), Topics.DEAD_LETTERS.name());

    public static WireLedger read(String bootstrap, Map<String, String> clientProperties, Duration timeout) {
        return of(TopicSnapshot.read(bootstrap, clientProperties, TOPICS, timeout));
    }

    /** From records of any topics; those of other topics than {@link #TOPICS} are left out. */
    public static WireLedger of(List<ConsumerRecord<byte[], byte[]>> records) {
        SingleObjectCodec codec = SingleObjectCodec.standard();
        List<WireEvent> events = new ArrayList<>();
        Set<WireEvent.SourceRecord> deadLettered = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (!TOPICS.contains(record.topic())) {
                continue;
            }
            Optional<SpecificRecord> value = decode(codec, record.value());
            if (value.isEmpty()) {
                continue;
            }
            if (record.topic().equals(Topics.DEAD_LETTERS.name())) {
                if (value.get() instanceof DeadLetter letter) {
                    deadLettered.add(new WireEvent.SourceRecord(letter.getSourceTopic(), letter.getSourcePartition(),
                            letter.getSourceOffset()));
                }
                continue;
            }
            Optional<EventHeader> header = EventHeaders.headerOf(value.get());
            header.ifPresent(h -> events.add(new WireEvent(record.topic(), record.partition(), record.offset(),
                    h.getHostId(), h.getSequence(), h.getEventId(),
                    record.topic().equals(Topics.EVENTS.name()) ? instanceIdOf(value.get()) : null)));
        }
        return new WireLedger(List.copyOf(events), Set.copyOf(deadLettered));
    }

    /** The guest whose state folds the event: fleet-stream's rule (an ack's domain, else the instance_id field). */
    static String instanceIdOf(SpecificRecord event) {
        if (event instanceof PolicyAck ack) {
            return ack.getDomain() == null ? null : ack.getDomain().getInstanceId();
        }
        Schema.Field field = event.getSchema().getField("instance_id");
        return field == null ? null : (String) event.get(field.pos());
    }

    private static Optional<SpecificRecord> decode(SingleObjectCodec codec, byte[] bytes) {
        try {
            return bytes == null ? Optional.empty() : Optional.of(codec.decode(bytes));
        } catch (EventDecodingException e) {
            return Optional.empty();
        }
    }
}
