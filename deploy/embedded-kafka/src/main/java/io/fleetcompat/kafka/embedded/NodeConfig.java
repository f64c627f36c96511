package io.fleetcompat.kafka.embedded;

import io.fleetcompat.kafka.embedded.security.BrokerSecurity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Builds the broker properties of one node: defaults for a small local cluster, then the caller's overrides. */
final class NodeConfig {

    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private NodeConfig() {
    }

    static Map<String, String> build(NodeSpec node, List<NodeSpec> cluster, Map<String, String> overrides) {
        return build(node, cluster, overrides, Optional.empty());
    }

    /** @param security TLS, authentication and ACLs on every listener; empty: PLAINTEXT without authorizer */
    static Map<String, String> build(NodeSpec node, List<NodeSpec> cluster, Map<String, String> overrides,
                                     Optional<BrokerSecurity> security) {
        int nodes = cluster.size();
        String replication = String.valueOf(Math.min(nodes, 3));
        // 2 of 3 keeps acks=all writes (and transactions) available while one node is down.
        String minIsr = nodes >= 3 ? "2" : "1";

        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(node.nodeId()));
        props.put("controller.quorum.voters", cluster.stream().map(NodeSpec::voter).collect(Collectors.joining(",")));
        String client = security.map(BrokerSecurity::clientListener).orElse("PLAINTEXT");
        String controllerProtocol = security.isPresent() ? "SSL" : "PLAINTEXT";
        props.put("listeners", client + "://" + node.brokerAddress() + "," + CONTROLLER_LISTENER + "://" + NodeSpec.HOST + ":" + node.controllerPort());
        props.put("advertised.listeners", client + "://" + node.brokerAddress());
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", client);
        props.put("listener.security.protocol.map", client + ":" + client + "," + CONTROLLER_LISTENER + ":" + controllerProtocol);
        security.ifPresent(s -> props.putAll(s.brokerSettings(CONTROLLER_LISTENER)));
        props.put("log.dirs", node.logDir().toString());

        props.put("auto.create.topics.enable", "false");
        props.put("default.replication.factor", replication);
        props.put("min.insync.replicas", minIsr);
        props.put("offsets.topic.replication.factor", replication);
        props.put("transaction.state.log.replication.factor", replication);
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("share.coordinator.state.topic.replication.factor", replication);
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        // Fewer internal partitions: the first consumer group or transaction waits for all of them to get leaders.
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Kafka 4.1 refuses a restarted broker (DUPLICATE_BROKER_REGISTRATION) until its old session expires,
        // even after a clean controlled shutdown; the default 9 s session made startNode take ~8 s.
        props.put("broker.session.timeout.ms", "4000");
        props.put("broker.heartbeat.interval.ms", "1000");
        // The cleaner reserves 128 MiB per node by default; several nodes share one test JVM here.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));

        props.putAll(overrides);
        return props;
    }
}
