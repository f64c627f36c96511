package io.fleetcompat.dashboard.it;

import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.schema.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real one-node KRaft broker in the test JVM with every fleet topic, for the dashboard under test. */
public class FleetKafkaResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedKafkaCluster kafka;

    @Override
    public Map<String, String> start() {
        kafka = new EmbeddedKafkaCluster(1, Map.of()).start();
        kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic(2, (short) 1)).toList());
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
