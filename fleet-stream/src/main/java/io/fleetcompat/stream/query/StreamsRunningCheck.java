package io.fleetcompat.stream.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while Kafka Streams is RUNNING. The extension's own readiness says the topics exist; but while an
 * instance restores its stores or rebalances, its interactive queries answer 503, so a load balancer should send
 * lookups to an instance that can answer them. Liveness stays the extension's (REBALANCING is alive).
 */
@Readiness
@ApplicationScoped
public class StreamsRunningCheck implements HealthCheck {

    @Inject
    KafkaStreams streams;

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        return HealthCheckResponse.named("kafka-streams-running").status(state == KafkaStreams.State.RUNNING)
                .withData("state", state.name()).build();
    }
}
