package io.fleetcompat.stream.replay;

import io.fleetcompat.schema.Topics;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import io.fleetcompat.stream.topology.FleetTopology;
import io.fleetcompat.stream.topology.Names;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Rebuilds all fleet-stream state from fleet.events, fleet.hosts and fleet.commands under a fresh
 * application id, without writing to any output topic, and prints it as JSON.
 * <pre>
 * java [-Dfleet-stream.KEY=VALUE ...] -cp ... io.fleetcompat.stream.replay.Replay --bootstrap-servers localhost:9092 \
 *      --application-id fleet-stream-replay-1 [--timeout PT5M] [--output state.json] [--config live.properties]
 * </pre>
 * The topology is built with the live app's {@code fleet-stream.*} settings, from the same sources
 * ({@link ReplayConfig}).
 * Caught up = the application's committed offsets reach the end of the source and repartition topics,
 * or (with transaction markers, which are never "consumed") stay one short while the state stops changing.
 */
public final class Replay {

    private Replay() {
    }

    /** Exit code for a bad command line (the message names the option). */
    static final int USAGE = 2;

    public static void main(String[] args) throws Exception {
        ReplayArgs parsed;
        try {
            parsed = ReplayArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("replay: " + e.getMessage());
            System.exit(USAGE);
            return;
        }
        StateDump dump = run(parsed.bootstrapServers(), parsed.applicationId(), ReplayConfig.load(parsed.config()),
                parsed.timeout());
        if (parsed.output() == null) {
            System.out.println(dump.toJson());
        } else {
            Files.writeString(parsed.output(), dump.toJson());
        }
    }

    public static StateDump run(String bootstrapServers, String applicationId, FleetStreamConfig config,
                                Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("fleet-stream-replay").toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        List<String> watched = List.of(Topics.EVENTS.name(), Topics.COMMANDS.name(),
                applicationId + "-" + Names.GUEST_COMMANDS_REPARTITION + "-repartition",
                applicationId + "-" + Names.FAMILY_INPUTS_REPARTITION + "-repartition",
                applicationId + "-" + Names.FAMILY_DIRECTIVES_REPARTITION + "-repartition");
        try (KafkaStreams streams = new KafkaStreams(topology(config), props);
             Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            streams.start();
            return awaitCaughtUp(streams, new CatchUp(admin, applicationId, watched), timeout);
        }
    }

    /** The live topology under {@code config}, writing no output topic. */
    static Topology topology(FleetStreamConfig config) {
        return FleetTopology.build(new StreamsBuilder(), config, Optional.empty());
    }

    static StateDump awaitCaughtUp(KafkaStreams streams, CatchUp catchUp, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        StateDump previous = null;
        int stable = 0;
        while (System.nanoTime() < deadline) {
            CatchUp.sleep(Duration.ofMillis(500));
            if (streams.state() != KafkaStreams.State.RUNNING) {
                continue;
            }
            long lag = catchUp.lag();
            StateDump now = StateDump.of(streams);
            stable = now.equals(previous) ? stable + 1 : 0;
            previous = now;
            if (lag == 0 && stable >= 1 || lag <= 1 && stable >= 4) {
                return now;
            }
        }
        throw new IllegalStateException("replay did not catch up within " + timeout);
    }
}
