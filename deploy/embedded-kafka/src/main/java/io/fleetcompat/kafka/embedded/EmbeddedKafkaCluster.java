package io.fleetcompat.kafka.embedded;

import io.fleetcompat.kafka.embedded.security.BrokerSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KRaft Kafka cluster of combined broker+controller nodes inside this JVM, bound to 127.0.0.1.
 * Node {@code i} has node id {@code i}. Defaults suit a small cluster (internal topics replicated
 * min(nodes, 3) times, min.insync.replicas 2 from 3 nodes, no topic auto-creation); broker
 * overrides win over them. PLAINTEXT without authorization, unless {@link #secured} gives it a
 * {@link BrokerSecurity}: TLS everywhere, authenticated clients and ACLs.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    /** Fixed so that a kept data dir formatted by an earlier run is accepted again. */
    static final String KEPT_CLUSTER_ID = "ZmxlZXRjb21wYXQta2Fmaw";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    // Generous: two cores shared with other builds; a healthy start takes a few seconds.
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

    private enum State { NEW, STARTING, STARTED, CLOSED }

    private final Map<String, String> brokerOverrides;
    private final PortLayout ports;
    private final boolean fixedPorts;
    private final Path keptDataDir;
    /** Set when this JVM runs one node of a cluster whose other nodes run elsewhere (one node per process). */
    private final OptionalInt onlyNode;
    private final Optional<BrokerSecurity> security;
    private State state = State.NEW;
    private volatile DataDir dataDir;
    private volatile List<KafkaNode> nodes = List.of();

    /** Free loopback ports and a temporary data dir that {@link #close()} deletes. */
    public EmbeddedKafkaCluster(int nodes, Map<String, String> brokerOverrides) {
        this(brokerOverrides, PortLayout.free(requirePositive(nodes)), false, null, OptionalInt.empty(), Optional.empty());
    }

    /**
     * Broker ports {@code firstPort..firstPort+nodes-1}, controller ports right after them, and a data
     * dir that is kept: formatted once with a fixed cluster id, so topics survive a restart.
     */
    public EmbeddedKafkaCluster(int nodes, Map<String, String> brokerOverrides, int firstPort, Path dataDir) {
        this(brokerOverrides, PortLayout.fixed(firstPort, requirePositive(nodes)), true, Objects.requireNonNull(dataDir, "dataDir"),
                OptionalInt.empty(), Optional.empty());
    }

    /**
     * Only node {@code nodeId} of the cluster {@link #EmbeddedKafkaCluster(int, Map, int, Path)} describes, the other
     * nodes running in other processes with the same layout: so one node can be killed (SIGKILL) and restarted alone.
     * {@link #start()} returns once this node's broker is in the cluster metadata, which needs a quorum of the
     * controllers: start the processes together.
     */
    public static EmbeddedKafkaCluster member(int nodes, int nodeId, Map<String, String> brokerOverrides, int firstPort,
                                              Path dataDir) {
        Objects.checkIndex(nodeId, requirePositive(nodes));
        return new EmbeddedKafkaCluster(brokerOverrides, PortLayout.fixed(firstPort, nodes), true,
                Objects.requireNonNull(dataDir, "dataDir"), OptionalInt.of(nodeId), Optional.empty());
    }

    /** Fixed ports with a temporary data dir, for the standalone main without {@code --data-dir}. */
    static EmbeddedKafkaCluster withFixedPortsAndTemporaryData(int nodes, Map<String, String> brokerOverrides, int firstPort) {
        return new EmbeddedKafkaCluster(brokerOverrides, PortLayout.fixed(firstPort, requirePositive(nodes)), true, null,
                OptionalInt.empty(), Optional.empty());
    }

    private EmbeddedKafkaCluster(Map<String, String> brokerOverrides, PortLayout ports, boolean fixedPorts, Path keptDataDir,
                                 OptionalInt onlyNode, Optional<BrokerSecurity> security) {
        this.brokerOverrides = Map.copyOf(Objects.requireNonNull(brokerOverrides, "brokerOverrides"));
        this.ports = ports;
        this.fixedPorts = fixedPorts;
        this.keptDataDir = keptDataDir;
        this.onlyNode = onlyNode;
        this.security = security;
    }

    /**
     * The same cluster (nodes, ports, data dir, node of it), not started yet, secured: clients must log in as
     * {@code security} says and are allowed only what an ACL grants them. Its own admin calls log in as the broker.
     */
    public EmbeddedKafkaCluster secured(BrokerSecurity security) {
        synchronized (this) {
            if (state != State.NEW) {
                throw new IllegalStateException("secure a cluster before starting it");
            }
        }
        return new EmbeddedKafkaCluster(brokerOverrides, ports, fixedPorts, keptDataDir, onlyNode, Optional.of(security));
    }

    /** Formats storage if needed, starts all nodes in parallel and waits until every broker is in the metadata. */
    public EmbeddedKafkaCluster start() {
        synchronized (this) {
            if (state != State.NEW) {
                throw new IllegalStateException("cluster already " + state.name().toLowerCase());
            }
            state = State.STARTING;
        }
        try {
            startNodes();
            ClusterAdmin.awaitBrokers(bootstrapServers(), adminSettings(), allNodeIds(), START_TIMEOUT);
            synchronized (this) {
                if (state == State.CLOSED) {
                    throw new IllegalStateException("closed while starting");
                }
                state = State.STARTED;
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("embedded Kafka at " + bootstrapServers() + " did not start: " + e.getMessage(), e);
        }
    }

    private void startNodes() {
        DataDir dir = keptDataDir == null ? DataDir.createTemporary() : DataDir.kept(keptDataDir);
        String clusterId = dir.temporary() ? Uuid.randomUuid().toString() : KEPT_CLUSTER_ID;
        List<NodeSpec> specs = new ArrayList<>();
        for (int id = 0; id < ports.nodes(); id++) {
            specs.add(new NodeSpec(id, ports.brokerPorts().get(id), ports.controllerPorts().get(id), dir.nodeDir(id)));
        }
        List<KafkaNode> created = new ArrayList<>();
        for (NodeSpec spec : specs) {
            if (onlyNode.isEmpty() || onlyNode.getAsInt() == spec.nodeId()) {
                created.add(new KafkaNode(spec, NodeConfig.build(spec, specs, brokerOverrides, security)));
            }
        }
        if (fixedPorts) {
            requirePortsFree(created);
        }
        synchronized (this) {
            if (state == State.CLOSED) {
                dir.release();
                throw new IllegalStateException("closed while starting");
            }
            // Published before anything can fail, so close() stops started nodes and deletes a temporary dir.
            dataDir = dir;
            nodes = List.copyOf(created);
        }
        List<String> scramUsers = security.map(BrokerSecurity::formatterScramArguments).orElse(List.of());
        for (KafkaNode node : created) {
            formatStorage(clusterId, node.spec(), scramUsers);
        }
        Parallel.runAll("embedded-kafka-start", nodes.stream().map(node -> (Parallel.Task) node::start).toList(), START_TIMEOUT);
    }

    private static void formatStorage(String clusterId, NodeSpec spec, List<String> scramUsers) {
        try {
            StorageFormatter.formatIfNeeded(clusterId, spec, scramUsers);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format " + spec.logDir() + ": " + e.getMessage(), e);
        }
    }

    private static void requirePortsFree(List<KafkaNode> starting) {
        for (KafkaNode node : starting) {
            for (int port : List.of(node.spec().brokerPort(), node.spec().controllerPort())) {
                if (!FreePorts.isFree(port)) {
                    throw new IllegalStateException("port " + port + " on " + NodeSpec.HOST + " is already in use");
                }
            }
        }
    }

    /** Comma-separated {@code 127.0.0.1:port} of every broker; known before {@link #start()}. */
    public String bootstrapServers() {
        return ports.brokerPorts().stream().map(port -> NodeSpec.HOST + ":" + port).collect(Collectors.joining(","));
    }

    /** How the cluster is secured; empty for PLAINTEXT. */
    public Optional<BrokerSecurity> security() {
        return security;
    }

    /** Client settings of the cluster's own admin calls: the broker's login, or nothing on PLAINTEXT. */
    private Map<String, String> adminSettings() {
        return security.map(BrokerSecurity::brokerClientSettings).orElse(Map.of());
    }

    public int nodeCount() {
        return ports.nodes();
    }

    /** Creates the topics that do not exist yet and waits until their leaders serve every partition ({@link TopicReadiness}). */
    public void createTopics(Collection<NewTopic> topics) {
        requireStarted();
        ClusterAdmin.createTopics(bootstrapServers(), adminSettings(), List.copyOf(topics), TOPIC_TIMEOUT);
    }

    /** Stops node {@code index} (controlled shutdown); its ports and log dir are kept for {@link #startNode(int)}. */
    public void stopNode(int index) {
        KafkaNode node = node(index);
        Parallel.runAll("embedded-kafka-stop-" + index, List.of(node::stop), STOP_TIMEOUT);
    }

    /** Starts a stopped node again and waits until its broker is back in the cluster metadata. */
    public void startNode(int index) {
        KafkaNode node = node(index);
        if (node.isRunning()) {
            throw new IllegalStateException("node " + index + " is running");
        }
        Parallel.runAll("embedded-kafka-start-" + index, List.of(node::start), START_TIMEOUT);
        ClusterAdmin.awaitBrokers(bootstrapServers(), adminSettings(), Set.of(node.spec().nodeId()), START_TIMEOUT);
    }

    /** Stops all nodes in parallel and deletes a temporary data dir; later calls do nothing. */
    @Override
    public void close() {
        List<KafkaNode> toStop;
        DataDir toRelease;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            toStop = nodes;
            toRelease = dataDir;
        }
        // Brokers first, while every controller still runs, then the rest of each node: see KafkaNode.stopBroker.
        runQuietly("embedded-kafka-stop-brokers", toStop, KafkaNode::stopBroker);
        runQuietly("embedded-kafka-stop", toStop, KafkaNode::stop);
        if (toRelease != null) {
            try {
                toRelease.release();
            } catch (RuntimeException e) {
                LOG.warn("cannot delete the embedded Kafka data dir", e);
            }
        }
    }

    /** Runs {@code step} on all nodes in parallel; a node that fails or hangs must not keep the others running. */
    private static void runQuietly(String name, List<KafkaNode> targets, Consumer<KafkaNode> step) {
        List<Parallel.Task> tasks = targets.stream().map(node -> (Parallel.Task) () -> {
            try {
                step.accept(node);
            } catch (RuntimeException e) {
                LOG.warn("{}: node {} failed", name, node.spec().nodeId(), e);
            }
        }).toList();
        try {
            Parallel.runAll(name, tasks, STOP_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("embedded Kafka did not stop cleanly", e);
        }
    }

    private KafkaNode node(int index) {
        requireStarted();
        return nodes.get(Objects.checkIndex(index, nodes.size()));
    }

    private synchronized void requireStarted() {
        if (state != State.STARTED) {
            throw new IllegalStateException("cluster is " + state.name().toLowerCase() + ", not started");
        }
    }

    private Set<Integer> allNodeIds() {
        return nodes.stream().map(node -> node.spec().nodeId()).collect(Collectors.toSet());
    }

    private static int requirePositive(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1, was " + nodes);
        }
        return nodes;
    }
}
