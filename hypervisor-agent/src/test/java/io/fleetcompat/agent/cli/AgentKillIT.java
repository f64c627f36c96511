package io.fleetcompat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.policy.TestPolicyKeys;
import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DomainCreated;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: the agent is killed with SIGKILL while Kafka is unreachable and events are pending; after a
 * restart against a live broker every event arrives, and after dropping duplicates by (host, sequence) the
 * host's sequence is 1..max without a gap.
 */
class AgentKillIT {

    private static final String HOST = "kill-test-host";
    private static final int EVENTS = 300;
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldDeliverEveryEventOnceBySequenceAfterAKillWhileKafkaWasDown() throws Exception {
        // Given an agent that appended events while its Kafka was unreachable
        Path config = writeConfig("127.0.0.1:" + deadPort());
        // Kept under target/ (not the temp dir) so a failure can be diagnosed.
        Path stderr = Files.createDirectories(Path.of("target", "it-logs")).resolve("agent-kill-it.log");
        Files.deleteIfExists(stderr);
        long lastSequenceBeforeKill;
        try (AgentProcess first = AgentProcess.start(SyntheticLifecycleAgent.class,
                List.of(config.toString(), Integer.toString(EVENTS)), stderr, SyntheticLifecycleAgent.APPENDED)) {
            String[] appended = first.awaitLine(START).split(" ");
            lastSequenceBeforeKill = Long.parseLong(appended[2]);
            // When it is killed hard, with everything still pending
            first.kill();
            assertThat(first.isAlive()).isFalse();
        }

        try (EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, Map.of()).start()) {
            kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic(3, (short) 1)).toList());
            Path liveConfig = writeConfig(kafka.bootstrapServers());
            // And restarted, through the real CLI, against a live broker
            try (AgentProcess second = AgentProcess.start(AgentMain.class,
                    List.of("agent", "--config", liveConfig.toString()), stderr, null);
                 HostEventsReader reader = new HostEventsReader(kafka.bootstrapServers(),
                         List.of(Topics.EVENTS.name(), Topics.HOSTS.name()))) {
                Map<Long, Set<String>> eventIdsBySequence = new TreeMap<>();
                Set<String> guests = new java.util.HashSet<>();
                Eventually.await("every event of " + HOST + " on Kafka", DELIVERY, () -> {
                    for (HostEventsReader.Seen seen : reader.poll()) {
                        if (seen.header() != null && HOST.equals(seen.header().getHostId())) {
                            eventIdsBySequence.computeIfAbsent(seen.header().getSequence(), s -> new java.util.HashSet<>())
                                    .add(seen.header().getEventId());
                            if (seen.record() instanceof DomainCreated created) {
                                guests.add(created.getInstanceId());
                            }
                        }
                    }
                    return guests.size() == EVENTS && eventIdsBySequence.size() > lastSequenceBeforeKill;
                });

                // Then, after dropping duplicates by (host, sequence), the sequence is 1..max without gaps
                long max = eventIdsBySequence.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
                assertThat(eventIdsBySequence.keySet())
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, max).boxed().toList());
                // a duplicate is a resend of the same event, never a different event under a reused number
                assertThat(eventIdsBySequence.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
                assertThat(guests).containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(1, EVENTS).mapToObj(i -> "guest-" + i).collect(Collectors.toSet()));
                // and the restarted agent continued the sequence (its start-up heartbeat follows the old events)
                assertThat(max).isGreaterThan(lastSequenceBeforeKill);
            }
        }
    }

    private Path writeConfig(String bootstrap) throws IOException {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", bootstrap);
        settings.put("host.id", HOST);
        settings.put("outbox.dir", dir.resolve("outbox").toString());
        settings.put("outbox.segment.bytes", "16k");
        settings.put("outbox.max.bytes", "64m");
        settings.put("outbox.fsync.policy", "INTERVAL");
        settings.put("outbox.fsync.interval.ms", "50");
        settings.put("heartbeat.interval.ms", "3600000");
        settings.put("policy.table.file", dir.resolve("policy-table.json").toString());
        settings.put("policy.trusted.keys", TestPolicyKeys.writeTrustedKey(dir.resolve("trusted")).toString());
        Path file = dir.resolve("agent-" + bootstrap.replace(':', '_') + ".properties");
        Files.writeString(file, settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")), StandardCharsets.UTF_8);
        return file;
    }

    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
