package io.fleetcompat.stream.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Interactive queries over the running Streams instance: which instance owns a key (KeyQueryMetadata and
 * {@code application.server}), and the local stores' contents.
 */
@ApplicationScoped
public class StoreQueries {

    @Inject
    KafkaStreams streams;

    @ConfigProperty(name = "quarkus.kafka-streams.application-server")
    Optional<String> applicationServer;

    public <T> QueryOutcome<T> byKey(String storeName, String key) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new QueryOutcome.NotReady<>(streams.state().name());
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(storeName, key, Serdes.String().serializer());
        if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE) {
            return new QueryOutcome.NotReady<>("metadata not available");
        }
        HostInfo owner = metadata.activeHost();
        try {
            // Asking for the key's partition answers "is it here?" without trusting host names.
            ReadOnlyKeyValueStore<String, T> local = streams.store(StoreQueryParameters
                    .<ReadOnlyKeyValueStore<String, T>>fromNameAndType(storeName, QueryableStoreTypes.keyValueStore())
                    .withPartition(metadata.partition()));
            T value = local.get(key);
            return value == null ? new QueryOutcome.NotFound<>() : new QueryOutcome.Found<>(value);
        } catch (InvalidStateStoreException notHere) {
            return isSelf(owner) ? new QueryOutcome.NotReady<>(notHere.getMessage())
                    : new QueryOutcome.Elsewhere<>(owner);
        }
    }

    /** Every value of a store held by this instance (lists are per instance; see README). */
    public <T> Optional<List<T>> localValues(String storeName) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        List<T> out = new ArrayList<>();
        try (KeyValueIterator<String, T> all = this.<T>store(storeName).all()) {
            while (all.hasNext()) {
                KeyValue<String, T> next = all.next();
                out.add(next.value);
            }
            return Optional.of(out);
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    private <T> ReadOnlyKeyValueStore<String, T> store(String storeName) {
        return streams.store(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore()));
    }

    private boolean isSelf(HostInfo owner) {
        if (applicationServer.isEmpty() || owner == null || owner.equals(HostInfo.unavailable())) {
            return true;
        }
        String[] hostPort = applicationServer.get().split(":");
        return owner.host().equals(hostPort[0]) && owner.port() == Integer.parseInt(hostPort[1]);
    }
}
