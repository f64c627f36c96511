package io.fleetcompat.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetcompat.agent.outbox.AtomicFiles;
import io.fleetcompat.agent.outbox.Outbox;
import java.io.IOException;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * What this outbox has appended, for whoever checks delivery end to end (the fault tests, {@code ./fleet demo
 * --chaos}): each host's last sequence (sequences are dense, so every number up to it was appended once), over every
 * run on the same outbox, and what was still unacknowledged when the run ended. JSON, replaced atomically:
 * <pre>{"lastSequences": {"host-1": 412, ...}, "pending": 0, "drained": true}</pre>
 */
final class AppendedLedger {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AppendedLedger() {
    }

    static void write(Path file, Outbox outbox, OutboxDrain.Result drain) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode sequences = root.putObject("lastSequences");
        new TreeMap<>(outbox.lastSequences()).forEach(sequences::put);
        root.put("pending", drain.pending());
        root.put("drained", drain.drained());
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
