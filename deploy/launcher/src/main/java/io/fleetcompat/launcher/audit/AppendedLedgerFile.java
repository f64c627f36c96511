package io.fleetcompat.launcher.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What a simulator's outbox appended, as {@code simulate --ledger-file} writes it at the end of a run: each host's last
 * sequence over every run on that outbox, and what was still unacknowledged. The appended half of a
 * {@link DeliveryAudit}.
 */
public record AppendedLedgerFile(Map<String, Long> lastSequences, long pending, boolean drained) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static AppendedLedgerFile read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        Map<String, Long> sequences = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> hosts = root.path("lastSequences").fields();
        while (hosts.hasNext()) {
            Map.Entry<String, JsonNode> host = hosts.next();
            sequences.put(host.getKey(), host.getValue().asLong());
        }
        return new AppendedLedgerFile(Map.copyOf(sequences), root.path("pending").asLong(),
                root.path("drained").asBoolean());
    }
}
