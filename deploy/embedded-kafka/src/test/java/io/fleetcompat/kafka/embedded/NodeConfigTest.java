package io.fleetcompat.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NodeConfigTest {

    @Test
    void shouldReplicateInternalTopicsThreeTimesWithMinIsrTwoOnThreeNodes() {
        List<NodeSpec> cluster = cluster(3);

        Map<String, String> config = NodeConfig.build(cluster.get(1), cluster, Map.of());

        assertThat(config).containsEntry("node.id", "1")
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "0@127.0.0.1:9095,1@127.0.0.1:9096,2@127.0.0.1:9097")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9093,CONTROLLER://127.0.0.1:9096")
                .containsEntry("log.dirs", Path.of("/data/node-1").toString())
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void shouldUseReplicationOneOnASingleNode() {
        List<NodeSpec> cluster = cluster(1);

        Map<String, String> config = NodeConfig.build(cluster.get(0), cluster, Map.of());

        assertThat(config).containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("min.insync.replicas", "1")
                .containsEntry("controller.quorum.voters", "0@127.0.0.1:9093");
    }

    @Test
    void shouldLetOverridesWinOverDefaults() {
        List<NodeSpec> cluster = cluster(1);

        Map<String, String> config = NodeConfig.build(cluster.get(0), cluster,
                Map.of("auto.create.topics.enable", "true", "log.retention.ms", "1000"));

        assertThat(config).containsEntry("auto.create.topics.enable", "true").containsEntry("log.retention.ms", "1000");
    }

    /** Same layout as the fixed-port constructor with first port 9092. */
    private static List<NodeSpec> cluster(int nodes) {
        PortLayout ports = PortLayout.fixed(9092, nodes);
        return IntStream.range(0, nodes)
                .mapToObj(id -> new NodeSpec(id, ports.brokerPorts().get(id), ports.controllerPorts().get(id), Path.of("/data/node-" + id)))
                .toList();
    }
}
