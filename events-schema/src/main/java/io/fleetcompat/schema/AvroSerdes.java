package io.fleetcompat.schema;

import java.util.Collection;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes for the wire records, all in Avro single-object encoding (see README). Use {@link #forType}
 * for a topic with one record type, {@link #forTypes} for a topic that carries several (the fingerprint
 * in each message names its type).
 */
public final class AvroSerdes {

    private AvroSerdes() {}

    /** Serde for one record type, using the standard codec. */
    public static <T extends SpecificRecord> Serde<T> forType(Class<T> type) {
        return forType(SingleObjectCodec.standard(), type);
    }

    public static <T extends SpecificRecord> Serde<T> forType(SingleObjectCodec codec, Class<T> type) {
        return Serdes.serdeFrom(new SingleObjectSerializer<>(codec),
                new SingleObjectDeserializer<>(codec, type, Set.of(type)));
    }

    /** Serde for a topic carrying several record types, using the standard codec. */
    public static Serde<SpecificRecord> forTypes(Collection<Class<? extends SpecificRecord>> accepted) {
        return forTypes(SingleObjectCodec.standard(), accepted);
    }

    public static Serde<SpecificRecord> forTypes(SingleObjectCodec codec,
                                                 Collection<Class<? extends SpecificRecord>> accepted) {
        return Serdes.serdeFrom(new SingleObjectSerializer<>(codec),
                new SingleObjectDeserializer<>(codec, SpecificRecord.class, Set.copyOf(accepted)));
    }
}
