package io.fleetcompat.stream.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetcompat.rules.rollout.FamilyState;
import io.fleetcompat.rules.guest.GuestState;
import io.fleetcompat.stream.topology.JsonSerde;
import io.fleetcompat.stream.topology.Names;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Every guest and family state one KafkaStreams instance holds, sorted by key (comparable, printable). */
public record StateDump(Map<String, GuestState> guests, Map<String, FamilyState> families) {

    public static StateDump of(KafkaStreams streams) {
        return new StateDump(read(streams, Names.GUEST_STATE_STORE), read(streams, Names.FAMILY_STATE_STORE));
    }

    private static <T> Map<String, T> read(KafkaStreams streams, String storeName) {
        ReadOnlyKeyValueStore<String, T> store = streams.store(
                StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore()));
        Map<String, T> out = new TreeMap<>();
        try (KeyValueIterator<String, T> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, T> next = all.next();
                out.put(next.key, next.value);
            }
        }
        return out;
    }

    public String toJson() {
        try {
            return JsonSerde.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("state dump is not serializable", e);
        }
    }
}
