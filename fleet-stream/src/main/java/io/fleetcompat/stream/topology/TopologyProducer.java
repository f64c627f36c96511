package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.signing.PolicySigner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.StreamsBuilder;
import java.util.Optional;
import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;

/** Hands the topology to the Quarkus Kafka Streams extension, which runs it, signing with the configured key. */
@ApplicationScoped
public class TopologyProducer {

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

    @Produces
    public Topology fleetTopology(FleetStreamSettings settings, PolicySigningSettings signing) {
        PolicySigner signer = signing.signer();
        LOG.infof("Signing directives for fleet.policy with key %s", signer.keyId());
        return FleetTopology.build(new StreamsBuilder(), settings.toConfig(), Optional.of(signer));
    }
}
