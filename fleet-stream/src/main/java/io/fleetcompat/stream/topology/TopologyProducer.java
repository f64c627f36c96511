package io.fleetcompat.stream.topology;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/** Hands the topology to the Quarkus Kafka Streams extension, which runs it. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    public Topology fleetTopology(FleetStreamSettings settings) {
        return FleetTopology.build(new StreamsBuilder(), settings.toConfig(), true);
    }
}
