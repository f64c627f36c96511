package io.fleetcompat.stream.query;

import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.signing.PolicyKeyFiles;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real in-JVM KRaft broker with the catalogue's topics, a fresh Streams state directory and a signing key per run. */
public class InJvmKafka implements QuarkusTestResourceLifecycleManager {

    private EmbeddedKafkaCluster kafka;

    @Override
    public Map<String, String> start() {
        try {
            kafka = new EmbeddedKafkaCluster(1, Map.of()).start();
            kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic(2, (short) 1)).toList());
            String state = Files.createTempDirectory("fleet-stream-quarkus-it").toString();
            // Only PolicyKeyFiles here: a class that touches Avro's SpecificData outside Quarkus' class loader
            // would make the app decode into classes of the wrong loader.
            Path signingKey = Files.createTempDirectory("fleet-stream-policy-key").resolve("quarkus-it.pem");
            PolicyKeyFiles.writePrivateKey(signingKey, PolicyKeyFiles.generate().getPrivate());
            return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "quarkus.kafka-streams.bootstrap-servers", kafka.bootstrapServers(),
                    "kafka-streams.state.dir", state,
                    "fleet-stream.policy.signing.key-file", signingKey.toString());
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
