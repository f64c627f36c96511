package io.fleetcompat.agent.bench;

import io.fleetcompat.agent.bridge.EmitTally;
import io.fleetcompat.agent.cli.AgentRuntime;
import io.fleetcompat.agent.cli.OutboxDrain;
import io.fleetcompat.agent.cli.SimulatedFleet;
import io.fleetcompat.agent.config.AgentConfigFactory;
import io.fleetcompat.agent.sim.Pacing;
import io.fleetcompat.agent.sim.RunLimit;
import io.fleetcompat.agent.sim.Scenario;
import io.fleetcompat.agent.sim.SimulationSummary;
import io.fleetcompat.agent.sim.Simulator;
import io.fleetcompat.agent.sim.SimulatorFootprint;
import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.schema.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A measurement, not a test: the simulator's records/s and heap per 1,000 hosts in memory (as
 * {@link SimulatorFootprint} measures them) and, in the same JVM run, through the real outbox and Kafka publisher
 * to an embedded broker, printed side by side with their ratios. Arguments as SimulatorFootprint's: hosts
 * (default 1000), guests per host (25), measured steps (200000), and the outbox's fsync policy (default INTERVAL,
 * the agent's own default; ALWAYS or EVERY_N to measure those). Every hypercall record is sent (sample rate 1),
 * so both runs carry the same records; policy comes from the in-process authority in both. Run from the
 * repository root after {@code ./mvnw -B -o -pl hypervisor-agent test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test}:
 * {@code java -Xmx4g -cp "hypervisor-agent/target/test-classes:hypervisor-agent/target/classes:$(cat
 * hypervisor-agent/target/test-classpath.txt)" io.fleetcompat.agent.bench.SimulatorKafkaThroughput 1000 25 200000}.
 */
public final class SimulatorKafkaThroughput {

    private static final long SEED = 42;

    private SimulatorKafkaThroughput() {
    }

    /**
     * Heap after warm-up, and the measured stretch: wall seconds, and the simulating thread's CPU seconds (what
     * a busy shared machine cannot distort; the publisher, producer and broker threads are not in it).
     */
    private record Measured(long heapBytes, long steps, long records, double runSeconds, double drainSeconds,
                            double cpuSeconds) {
        double recordsPerSecond() {
            return records / runSeconds;
        }

        double deliveredPerSecond() {
            return records / (runSeconds + drainSeconds);
        }

        double recordsPerCpuSecond() {
            return records / cpuSeconds;
        }
    }

    private static double threadCpuSeconds() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int guestsPerHost = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        long steps = args.length > 2 ? Long.parseLong(args[2]) : 200_000;
        // The agent's default (INTERVAL, a sync every 200 ms) unless another policy is named: ALWAYS, EVERY_N.
        String fsyncPolicy = args.length > 3 ? args[3] : "INTERVAL";
        Scenario scenario = SimulatorFootprint.scenario(hosts, guestsPerHost);
        long warmUp = 3L * scenario.guestCount();

        Measured inMemory = inMemory(scenario, warmUp, steps);
        Measured kafka = throughKafka(scenario, warmUp, steps, fsyncPolicy);

        double perThousand = 1000.0 / hosts;
        System.out.printf("hosts %d, guests %d (%d per host), warm-up %d steps, measured %d steps, unpaced, "
                + "outbox fsync %s%n", hosts, scenario.guestCount(), guestsPerHost, warmUp, steps, fsyncPolicy);
        System.out.printf("in memory:        %9.0f records/s (%d records in %.1f s), heap %.1f MiB per 1,000 hosts%n",
                inMemory.recordsPerSecond(), inMemory.records(), inMemory.runSeconds(),
                mib(inMemory.heapBytes()) * perThousand);
        System.out.printf("outbox + Kafka:   %9.0f records/s appended (%d records in %.1f s), "
                        + "%.0f records/s delivered (drained %.1f s later), heap %.1f MiB per 1,000 hosts%n",
                kafka.recordsPerSecond(), kafka.records(), kafka.runSeconds(), kafka.deliveredPerSecond(),
                kafka.drainSeconds(), mib(kafka.heapBytes()) * perThousand);
        System.out.printf("per CPU second of the simulating thread: in memory %.0f records/s (%.1f s), "
                        + "outbox + Kafka %.0f records/s (%.1f s)%n", inMemory.recordsPerCpuSecond(),
                inMemory.cpuSeconds(), kafka.recordsPerCpuSecond(), kafka.cpuSeconds());
        System.out.printf("ratios to in memory: appended %.2f, delivered %.2f, per CPU second %.2f, heap %.2f%n",
                kafka.recordsPerSecond() / inMemory.recordsPerSecond(),
                kafka.deliveredPerSecond() / inMemory.recordsPerSecond(),
                kafka.recordsPerCpuSecond() / inMemory.recordsPerCpuSecond(),
                (double) kafka.heapBytes() / inMemory.heapBytes());
    }

    private static Measured inMemory(Scenario scenario, long warmUp, long steps) {
        long baseline = usedHeapAfterGc();
        Simulator sim = Simulator.offline(scenario, SEED, event -> { });
        sim.run(RunLimit.steps(warmUp), Pacing.UNPACED);
        long heap = usedHeapAfterGc() - baseline;
        SimulationSummary before = sim.run(RunLimit.steps(1), Pacing.UNPACED);
        double cpu = threadCpuSeconds();
        long start = System.nanoTime();
        SimulationSummary after = sim.run(RunLimit.steps(steps), Pacing.UNPACED);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Measured(heap, steps, after.events() - before.events(), seconds, 0, threadCpuSeconds() - cpu);
    }

    private static Measured throughKafka(Scenario scenario, long warmUp, long steps, String fsyncPolicy)
            throws Exception {
        Path state = Files.createTempDirectory("simulator-kafka-throughput");
        try (EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, Map.of()).start()) {
            kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic(6, (short) 1)).toList());
            long baseline = usedHeapAfterGc();
            try (AgentRuntime runtime = AgentRuntime.start(AgentConfigFactory.fromSettings(Map.of(
                    "bootstrap.servers", kafka.bootstrapServers(),
                    "host.id", "throughput",
                    "outbox.dir", state.resolve("outbox").toString(),
                    "outbox.max.bytes", "8g",
                    "outbox.segment.bytes", "64m",
                    "outbox.fsync.policy", fsyncPolicy,
                    "policy.table.file", state.resolve("policy-table.json").toString(),
                    // The offline authority decides: no directive from fleet.policy reaches a domain.
                    "policy.verify", "OFF",
                    "heartbeat.interval.ms", "3600000",
                    "hypercall.sample.rate", "1.0")), "throughput")) {
                SimulatedFleet fleet = SimulatedFleet.attach(runtime, scenario, SEED,
                        SimulatedFleet.PolicySource.OFFLINE_AUTHORITY, Instant.now());
                fleet.run(RunLimit.steps(warmUp), Pacing.UNPACED);
                OutboxDrain.await(runtime.outbox(), Duration.ofMinutes(10));
                long heap = usedHeapAfterGc() - baseline;
                fleet.run(RunLimit.steps(1), Pacing.UNPACED);
                EmitTally.Counts before = fleet.emitted();
                double cpu = threadCpuSeconds();
                long start = System.nanoTime();
                fleet.run(RunLimit.steps(steps), Pacing.UNPACED);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = threadCpuSeconds() - cpu;
                long records = fleet.emitted().queued() - before.queued();
                long drainStart = System.nanoTime();
                OutboxDrain.Result drain = OutboxDrain.await(runtime.outbox(), Duration.ofMinutes(10));
                if (!drain.drained()) {
                    System.out.printf("warning: %d records still pending after 10 minutes%n", drain.pending());
                }
                return new Measured(heap, steps, records, seconds, (System.nanoTime() - drainStart) / 1e9, cpuSeconds);
            }
        }
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
