package io.fleetcompat.agent.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** The checkpoint as a small JSON file, replaced atomically. */
final class CheckpointFile {

    static final String NAME = "checkpoint.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;

    CheckpointFile(Path dir) {
        this.path = dir.resolve(NAME);
    }

    Checkpoint read() throws IOException {
        if (!Files.exists(path)) {
            return Checkpoint.EMPTY;
        }
        JsonNode root = JSON.readTree(path.toFile());
        if (root == null || !root.path("ackedOffset").canConvertToLong()) {
            throw new OutboxCorruptedException(path + ": no ackedOffset");
        }
        // "refused" is absent from checkpoints written before refusals were counted across restarts.
        return new Checkpoint(root.get("ackedOffset").asLong(), counts(root.path("ackedSequences")),
                counts(root.path("refused")));
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            counts.put(field.getKey(), field.getValue().asLong());
        }
        return counts;
    }

    void write(Checkpoint checkpoint) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("ackedOffset", checkpoint.ackedOffset());
        ObjectNode sequences = root.putObject("ackedSequences");
        checkpoint.ackedSequences().forEach(sequences::put);
        ObjectNode refused = root.putObject("refused");
        checkpoint.refused().forEach(refused::put);
        AtomicFiles.write(path, JSON.writeValueAsBytes(root));
    }
}
