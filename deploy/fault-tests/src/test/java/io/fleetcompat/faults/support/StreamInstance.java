package io.fleetcompat.faults.support;

import io.fleetcompat.kafka.embedded.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One fleet-stream instance (the packaged Quarkus app) in its own JVM, with its own HTTP port and state dir. */
public final class StreamInstance {

    /**
     * A family rollout that starts by itself and ends within a fault test: enforced, as in production and the demo,
     * three waves of 5. (It was advised while an enforced wave counted too few creates in a minute of this small
     * fleet; since a rollout of the resumes of 2-level images counts those in its cohort, an enforced one ends, and an
     * advised one now fails its gate: its cohort's 2-level resumes fail unprotected.)
     */
    public static final Map<String, String> ROLLOUT = Map.of(
            "fleet-stream.rollout.auto-approve", "true",
            "fleet-stream.rollout.mode", "ENFORCE",
            "fleet-stream.rollout.wave-fractions", "0.25,0.5,1.0",
            "fleet-stream.rollout.required-creates", "5");
    /**
     * A dedup window no guest of a fault test fills, so the audit has the exact set of sequences each guest applied.
     */
    public static final int DEDUP_WINDOW = 4096;
    /**
     * Two instances with a warm standby of each task, and a session timeout short enough that a SIGKILLed instance's
     * tasks move within a test (the consumer's default is 45 s).
     */
    public static final Map<String, String> FAILOVER = Map.of(
            "kafka-streams.num.standby.replicas", "1",
            "kafka-streams.consumer.session.timeout.ms", "10000",
            "kafka-streams.consumer.heartbeat.interval.ms", "2000");
    private static final Duration READY = Duration.ofSeconds(180);

    private final String name;
    private final int port;
    private final Path stateDir;
    private final ChildJvm jvm;

    private StreamInstance(String name, int port, Path stateDir, ChildJvm jvm) {
        this.name = name;
        this.port = port;
        this.stateDir = stateDir;
        this.jvm = jvm;
    }

    /** Starts it and waits until it is ready (topics there, Streams RUNNING). */
    public static StreamInstance start(Fleet fleet, String name, String bootstrap, Map<String, String> settings) {
        StreamInstance instance = launch(fleet, name, bootstrap, settings);
        instance.awaitReady();
        return instance;
    }

    /** Several instances of one application, started together (each start costs a JVM and Quarkus' boot). */
    public static List<StreamInstance> startAll(Fleet fleet, List<String> names, String bootstrap,
                                                Map<String, String> settings) {
        List<StreamInstance> instances = names.stream().map(n -> launch(fleet, n, bootstrap, settings)).toList();
        instances.forEach(StreamInstance::awaitReady);
        return instances;
    }

    private static StreamInstance launch(Fleet fleet, String name, String bootstrap, Map<String, String> settings) {
        int port = FreePorts.distinct(1).get(0);
        Path stateDir = fleet.dir().resolve(name + "-state");
        Map<String, String> all = new LinkedHashMap<>(ROLLOUT);
        all.put("fleet-stream.dedup-window-per-host", Integer.toString(DEDUP_WINDOW));
        all.put("quarkus.http.port", Integer.toString(port));
        all.put("quarkus.kafka-streams.bootstrap-servers", bootstrap);
        all.put("quarkus.kafka-streams.application-server", "127.0.0.1:" + port);
        all.put("kafka-streams.state.dir", stateDir.toString());
        all.put("fleet-stream.policy.signing.key-file", fleet.policySigningKey().toString());
        all.putAll(settings);
        // Tuning only, as the demo's stream.demo-settings: the brokers here are PLAINTEXT, so there is no client
        // secret that would have to go by file (KafkaAccess) rather than on the command line.
        List<String> argv = new ArrayList<>(List.of("-Xmx384m"));
        all.forEach((key, value) -> argv.add("-D" + key + "=" + value));
        argv.addAll(List.of("-jar", Fleet.streamJar().toString()));
        return new StreamInstance(name, port, stateDir, fleet.track(ChildJvm.start(name, argv, fleet.log(name))));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String name() {
        return name;
    }

    public ChildJvm jvm() {
        return jvm;
    }

    public void awaitReady() {
        jvm.awaitHttpOk(url() + "/q/health/ready", READY);
    }

    /** SIGKILL: whatever transaction is open stays open until the broker aborts it. */
    public void kill() {
        jvm.kill();
    }

    /** Starts it again on its port and state dir; returns once it is ready. */
    public void restart() {
        jvm.restart();
        awaitReady();
    }

    /** Starts it again with an empty state dir: it must restore every store from the changelogs. */
    public void restartWithEmptyState() {
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        restart();
    }
}
