package io.fleetcompat.schema;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer writing Avro single-object encoding; a null record stays null (a tombstone). */
public final class SingleObjectSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final SingleObjectCodec codec;

    public SingleObjectSerializer(SingleObjectCodec codec) {
        this.codec = codec;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        return record == null ? null : codec.encode(record);
    }
}
