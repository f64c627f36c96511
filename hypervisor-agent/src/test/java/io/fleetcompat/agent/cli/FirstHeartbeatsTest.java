package io.fleetcompat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.outbox.AppendResult;
import io.fleetcompat.agent.outbox.FsyncPolicy;
import io.fleetcompat.agent.outbox.Outbox;
import io.fleetcompat.agent.outbox.OutboxCursor;
import io.fleetcompat.agent.outbox.OutboxSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstHeartbeatsTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    @TempDir
    Path dir;

    private Outbox open() throws IOException {
        return Outbox.open(new OutboxSettings(dir, 1 << 20, 4096, FsyncPolicy.always()));
    }

    private static void append(Outbox outbox, String host) {
        AppendResult result = outbox.append(host, "fleet.hosts", host, seq -> "beat".getBytes(StandardCharsets.UTF_8));
        assertThat(result).isInstanceOf(AppendResult.Appended.class);
    }

    @Test
    void shouldWaitForAHostThatHasNotQueuedItsHeartbeat() throws Exception {
        try (Outbox outbox = open()) {
            append(outbox, "host-a");
            acknowledgeAll(outbox);

            assertThat(FirstHeartbeats.await(outbox, List.of("host-a", "host-b"), SHORT)).isFalse();
        }
    }

    @Test
    void shouldWaitUntilKafkaAcknowledgedThem() throws Exception {
        try (Outbox outbox = open()) {
            append(outbox, "host-a");
            append(outbox, "host-b");

            assertThat(FirstHeartbeats.await(outbox, List.of("host-a", "host-b"), SHORT)).isFalse();

            acknowledgeAll(outbox);
            assertThat(FirstHeartbeats.await(outbox, List.of("host-a", "host-b"), SHORT)).isTrue();
        }
    }

    private static void acknowledgeAll(Outbox outbox) {
        try (OutboxCursor cursor = outbox.cursorAt(0)) {
            cursor.read(Integer.MAX_VALUE).forEach(outbox::acknowledge);
        }
    }
}
