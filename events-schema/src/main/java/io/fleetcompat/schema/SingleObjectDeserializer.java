package io.fleetcompat.schema;

import io.fleetcompat.schema.EventDecodingException.Reason;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for Avro single-object encoding that accepts a fixed set of record types. Bytes
 * that do not decode, or decode to a type outside the set, raise {@link EventDecodingException}. A null
 * payload (a tombstone on a compacted topic) is returned as null, as Kafka's own deserializers do.
 */
public final class SingleObjectDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final SingleObjectCodec codec;
    private final Class<T> resultType;
    private final Set<Class<? extends SpecificRecord>> accepted;

    public SingleObjectDeserializer(SingleObjectCodec codec, Class<T> resultType,
                                    Set<Class<? extends SpecificRecord>> accepted) {
        this.codec = codec;
        this.resultType = resultType;
        this.accepted = Set.copyOf(accepted);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        SpecificRecord record = codec.decode(data);
        if (!accepted.contains(record.getClass())) {
            throw new EventDecodingException(Reason.UNEXPECTED_TYPE,
                    SingleObjectHeader.readFingerprint(data),
                    record.getSchema().getName() + " is not accepted on " + topic + "; expected one of "
                            + accepted.stream().map(Class::getSimpleName).sorted().toList());
        }
        return resultType.cast(record);
    }
}
