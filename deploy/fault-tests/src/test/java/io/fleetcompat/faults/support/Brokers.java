package io.fleetcompat.faults.support;

import io.fleetcompat.kafka.embedded.EmbeddedKafkaMain;
import io.fleetcompat.kafka.embedded.FreePorts;
import io.fleetcompat.schema.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A KRaft cluster of combined broker+controller nodes, one JVM per node ({@code EmbeddedKafkaMain --node I}), so a
 * node can be SIGKILLed and started again alone. Node {@code i} listens on {@code firstPort + i}, its controller on
 * {@code firstPort + nodes + i}.
 */
public final class Brokers {

    private static final String READY = "KAFKA_READY";
    private static final Duration START = Duration.ofSeconds(120);

    private final int firstPort;
    private final List<ChildJvm> nodes;
    private final int[] readyLines;

    private Brokers(int firstPort, List<ChildJvm> nodes) {
        this.firstPort = firstPort;
        this.nodes = nodes;
        this.readyLines = new int[nodes.size()];
    }

    /**
     * Starts every node at once (a combined node's start waits for the controller quorum) and waits for them.
     *
     * @param brokerProperties per node, settings over the embedded defaults (e.g. an extra listener)
     */
    public static Brokers start(Fleet fleet, int count, Map<Integer, Map<String, String>> brokerProperties) {
        return start(fleet, count, FreePorts.consecutive(2 * count), brokerProperties);
    }

    /** With the layout's first port chosen by the caller (whose broker properties name the ports). */
    public static Brokers start(Fleet fleet, int count, int firstPort, Map<Integer, Map<String, String>> brokerProperties) {
        List<ChildJvm> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> argv = new ArrayList<>(List.of("-Xmx384m", "-cp",
                    System.getProperty("java.class.path"), EmbeddedKafkaMain.class.getName(),
                    "--nodes", Integer.toString(count), "--node", Integer.toString(i),
                    "--port", Integer.toString(firstPort), "--data-dir", fleet.dir().resolve("kafka").toString()));
            brokerProperties.getOrDefault(i, Map.of()).forEach((key, value) -> {
                argv.add("--broker-property");
                argv.add(key + "=" + value);
            });
            nodes.add(fleet.track(ChildJvm.start("broker-" + i, argv, fleet.log("broker-" + i))));
        }
        Brokers brokers = new Brokers(firstPort, nodes);
        for (int i = 0; i < count; i++) {
            brokers.awaitReady(i);
        }
        return brokers;
    }

    public static Brokers start(Fleet fleet, int count) {
        return start(fleet, count, Map.of());
    }

    /** The broker port of node {@code i}. */
    public int port(int i) {
        return firstPort + i;
    }

    public int controllerPort(int i) {
        return firstPort + nodes.size() + i;
    }

    public int count() {
        return nodes.size();
    }

    public String bootstrap() {
        return IntStream.range(0, nodes.size()).mapToObj(i -> "127.0.0.1:" + port(i)).collect(Collectors.joining(","));
    }

    /**
     * The catalogue's topics: replicated on every node (at most 3), and with 3 copies {@code min.insync.replicas} 2,
     * so acks=all writes and transactions go on while one node is down.
     */
    public void createTopics(int partitions) throws ExecutionException, InterruptedException {
        short replication = (short) Math.min(3, nodes.size());
        // The catalogue's durability (min.insync.replicas 2) lowered to the copies there are.
        List<NewTopic> topics = Topics.all().stream().map(t -> t.toNewTopic(partitions, replication)).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(topics).all().get();
        }
    }

    /** SIGKILL: no controlled shutdown, no flush of the log. */
    public void kill(int i) {
        nodes.get(i).kill();
    }

    /** Starts the node again on its ports and log dir; returns once it serves again. */
    public void restart(int i) {
        readyLines[i] = nodes.get(i).logLines().size();
        nodes.get(i).restart();
        awaitReady(i);
    }

    public boolean isAlive(int i) {
        return nodes.get(i).isAlive();
    }

    private void awaitReady(int i) {
        nodes.get(i).awaitLogLine(READY, readyLines[i], START);
    }
}
