package io.fleetcompat.kafka.embedded;

import io.fleetcompat.kafka.embedded.security.BrokerSecurity;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an embedded cluster as a standalone process, or with {@code --node I} one node of a cluster whose other nodes
 * run in other processes (so a fault test can SIGKILL one broker). Prints exactly one line on stdout,
 * {@code KAFKA_READY bootstrap=<servers>}, once clients can connect; stops on SIGTERM or Ctrl-C.
 * Exit codes: 2 for bad arguments (one-line usage on stderr), 1 when the broker cannot start.
 */
public final class EmbeddedKafkaMain {

    static final String READY_PREFIX = "KAFKA_READY bootstrap=";
    static final int EXIT_USAGE = 2;
    static final int EXIT_START_FAILED = 1;

    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    private EmbeddedKafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Before any logger exists: the broker logs a lot at INFO; -D...defaultLogLevel=info brings it back.
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(LOG_LEVEL_PROPERTY, "warn");
        }
        OptionalInt exitCode = launch(args, System.out, System.err);
        if (exitCode.isPresent()) {
            System.exit(exitCode.getAsInt());
        }
        // The broker runs on its own threads; the shutdown hook stops it and lets the JVM exit.
        new CountDownLatch(1).await();
    }

    /** Starts the cluster and returns empty while it runs, or the exit code when the process should end now. */
    static OptionalInt launch(String[] args, PrintStream out, PrintStream err) {
        MainArgs parsed;
        try {
            parsed = MainArgs.parse(args);
        } catch (MainArgs.UsageException e) {
            err.println("error: " + e.getMessage() + ". " + MainArgs.USAGE);
            return OptionalInt.of(EXIT_USAGE);
        }
        if (parsed.help()) {
            out.println(MainArgs.USAGE);
            return OptionalInt.of(0);
        }
        Map<String, String> overrides = parsed.brokerProperties();
        EmbeddedKafkaCluster plain = parsed.node().isPresent()
                ? EmbeddedKafkaCluster.member(parsed.nodes(), parsed.node().getAsInt(), overrides, parsed.port(),
                        parsed.dataDir().orElseThrow())
                : parsed.dataDir()
                .map(dir -> new EmbeddedKafkaCluster(parsed.nodes(), overrides, parsed.port(), dir))
                .orElseGet(() -> EmbeddedKafkaCluster.withFixedPortsAndTemporaryData(parsed.nodes(), overrides, parsed.port()));
        EmbeddedKafkaCluster cluster;
        try {
            cluster = parsed.security().isPresent() ? plain.secured(BrokerSecurity.load(parsed.security().get())) : plain;
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: cannot read --security " + parsed.security().get() + ": " + e.getMessage());
            return OptionalInt.of(EXIT_USAGE);
        }
        // Registered before start, so Ctrl-C during start-up still stops the nodes and deletes temporary data.
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "embedded-kafka-shutdown"));
        try {
            cluster.start();
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return OptionalInt.of(EXIT_START_FAILED);
        }
        out.println(READY_PREFIX + cluster.bootstrapServers());
        out.flush();
        return OptionalInt.empty();
    }
}
