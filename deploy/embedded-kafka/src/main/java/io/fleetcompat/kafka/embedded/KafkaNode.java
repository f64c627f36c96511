package io.fleetcompat.kafka.embedded;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Optional;
import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One combined broker+controller; can be stopped and started again with the same config and log dir. */
final class KafkaNode {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaNode.class);

    private final NodeSpec spec;
    private final Map<String, String> config;
    // Published before startup() so a concurrent stop() can abort a node whose start hangs (no quorum).
    private volatile KafkaRaftServer server;

    KafkaNode(NodeSpec spec, Map<String, String> config) {
        this.spec = spec;
        this.config = Map.copyOf(config);
    }

    NodeSpec spec() {
        return spec;
    }

    boolean isRunning() {
        return server != null;
    }

    void start() {
        if (server != null) {
            throw new IllegalStateException("node " + spec.nodeId() + " is already running");
        }
        KafkaRaftServer created = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        server = created;
        try {
            created.startup();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /**
     * Controlled shutdown of the broker half only. Closing a cluster calls this on every node before
     * stopping any controller: a broker whose controlled shutdown is still pending when the controller
     * quorum is gone waits up to 5 minutes. Does nothing when the broker cannot be reached.
     */
    void stopBroker() {
        KafkaRaftServer running = server;
        if (running != null) {
            brokerOf(running).ifPresent(BrokerServer::shutdown);
        }
    }

    /** Blocks until the node has shut down; a no-op when it is not running. Synchronized so concurrent stops do not overlap. */
    synchronized void stop() {
        KafkaRaftServer running = server;
        if (running == null) {
            return;
        }
        try {
            running.shutdown();
            running.awaitShutdown();
        } finally {
            server = null;
        }
    }

    /**
     * KafkaRaftServer (Kafka 4.1) exposes no way to stop only its broker, so read its private field. Should
     * a Kafka upgrade rename it, close() falls back to whole-node shutdown, which may hang as described above.
     */
    private Optional<BrokerServer> brokerOf(KafkaRaftServer server) {
        try {
            Field field = KafkaRaftServer.class.getDeclaredField("broker");
            field.setAccessible(true);
            scala.Option<?> broker = (scala.Option<?>) field.get(server);
            return broker.isDefined() ? Optional.of((BrokerServer) broker.get()) : Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot reach the broker of node {}; stopping it together with its controller", spec.nodeId(), e);
            return Optional.empty();
        }
    }
}
