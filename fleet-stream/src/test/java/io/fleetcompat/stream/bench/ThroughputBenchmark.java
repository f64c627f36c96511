package io.fleetcompat.stream.bench;

import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.stream.support.TestPolicyKeys;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import io.fleetcompat.stream.topology.FleetTopology;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.common.utils.Bytes;

/**
 * Not a test: events/s of the fleet topology against a trivial {@code groupByKey().count()} over the same
 * fleet.events on the same in-JVM broker, in one run, both exactly_once_v2, one stream thread each, run one
 * after the other. Prints both rates and their ratio. Usage (see BENCHMARKS.md):
 * {@code java -cp ... io.fleetcompat.stream.bench.ThroughputBenchmark [events] [guests]}
 */
public final class ThroughputBenchmark {

    private static final Duration LIMIT = Duration.ofMinutes(15);

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int guests = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        try (EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, Map.of()).start()) {
            kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic(4, (short) 1)).toList());
            long produced = SyntheticFleet.produce(kafka.bootstrapServers(), events, guests);
            System.out.printf("produced %d events for %d guests%n", produced, guests);

            double count = run(kafka.bootstrapServers(), "bench-count", ThroughputBenchmark::countTopology, produced);
            double fleet = run(kafka.bootstrapServers(), "bench-fleet",
                    () -> FleetTopology.build(FleetStreamConfig.defaults(), TestPolicyKeys.SIGNER), produced);
            System.out.printf("trivial count topology: %.0f events/s%n", count);
            System.out.printf("fleet topology:         %.0f events/s%n", fleet);
            System.out.printf("ratio fleet/count:      %.2f%n", fleet / count);
        }
    }

    static Topology countTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.EVENTS.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .groupByKey(Grouped.<byte[], byte[]>as("bench-by-guest")
                        .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.ByteArray()))
                .count(Materialized.<byte[], Long, KeyValueStore<Bytes, byte[]>>as("bench-count-store")
                        .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.Long()));
        return builder.build();
    }

    /** Events/s from start until the application's committed offsets reach the end of fleet.events. */
    private static double run(String bootstrap, String appId, Supplier<Topology> topology, long events)
            throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-" + appId).toString());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaStreams streams = new KafkaStreams(topology.get(), props)) {
            streams.setUncaughtExceptionHandler(e -> {
                e.printStackTrace();
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                        .SHUTDOWN_CLIENT;
            });
            long start = System.nanoTime();
            streams.start();
            long deadline = start + LIMIT.toNanos();
            long nextReport = start;
            while (System.nanoTime() < deadline) {
                Thread.sleep(100);
                long lag = Lag.of(admin, appId, Topics.EVENTS.name());
                if (System.nanoTime() > nextReport) {
                    System.out.printf("  %s: %s, lag %d%n", appId, streams.state(), lag);
                    nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                }
                if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException(appId + " stopped: " + streams.state());
                }
                if (lag == 0) {
                    return events / ((System.nanoTime() - start) / 1e9);
                }
            }
            throw new IllegalStateException(appId + " did not consume fleet.events within " + LIMIT);
        }
    }
}
