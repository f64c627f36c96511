package io.fleetcompat.faults.support;

import io.fleetcompat.launcher.audit.TopicSnapshot;
import io.fleetcompat.schema.EventDecodingException;
import io.fleetcompat.schema.SingleObjectCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A topic's committed records of one type, decoded (others left out), for a test's own checks. */
public final class WireRecords {

    private WireRecords() {
    }

    public static <T extends SpecificRecord> List<T> read(String bootstrap, String topic, Class<T> type) {
        SingleObjectCodec codec = SingleObjectCodec.standard();
        List<T> found = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicSnapshot.read(bootstrap, Map.of(), List.of(topic),
                Duration.ofSeconds(60))) {
            try {
                SpecificRecord value = record.value() == null ? null : codec.decode(record.value());
                if (type.isInstance(value)) {
                    found.add(type.cast(value));
                }
            } catch (EventDecodingException e) {
                // not one of ours
            }
        }
        return found;
    }
}
