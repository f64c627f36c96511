package io.fleetcompat.stream.query;

import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.schema.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.util.Map;

/** A real in-JVM KRaft broker with the catalogue's topics, and a fresh Streams state directory per run. */
public class InJvmKafka implements QuarkusTestResourceLifecycleManager {

    private EmbeddedKafkaCluster kafka;

    @Override
    public Map<String, String> start() {
        try {
            kafka = new EmbeddedKafkaCluster(1, Map.of()).start();
            kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic(2, (short) 1)).toList());
            String state = Files.createTempDirectory("fleet-stream-quarkus-it").toString();
            return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "quarkus.kafka-streams.bootstrap-servers", kafka.bootstrapServers(),
                    "kafka-streams.state.dir", state);
        } catch (Exception e) {
            throw new IllegalStateException("in-JVM Kafka did not start", e);
        }
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
