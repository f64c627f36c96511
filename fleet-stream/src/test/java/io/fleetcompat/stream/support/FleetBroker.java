package io.fleetcompat.stream.support;

import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.schema.TopicSpec;
import io.fleetcompat.schema.Topics;
import java.util.Map;
import java.util.function.ToIntFunction;

/** A real one-node broker with every fleet topic, and clients to write and read them: the real-broker ITs' fixture. */
public final class FleetBroker implements AutoCloseable {

    private final EmbeddedKafkaCluster kafka;
    private final BrokerClients clients;

    private FleetBroker(EmbeddedKafkaCluster kafka) {
        this.kafka = kafka;
        this.clients = new BrokerClients(kafka.bootstrapServers());
    }

    /** @param partitions each topic's partition count */
    public static FleetBroker start(ToIntFunction<TopicSpec<String, ?>> partitions) {
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, Map.of()).start();
        kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic(partitions.applyAsInt(t), (short) 1)).toList());
        return new FleetBroker(kafka);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public BrokerClients clients() {
        return clients;
    }

    @Override
    public void close() {
        clients.close();
        kafka.close();
    }
}
