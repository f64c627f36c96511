package io.fleetcompat.agent.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetcompat.agent.outbox.AtomicFiles;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.PolicyDirective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy table on disk: JSON with each directive in Avro single-object encoding (base64), so a newer
 * agent reads a table an older one wrote through the schema history, and the read positions per partition.
 * Replaced atomically (temp file, fsync, rename).
 */
public final class PolicyTableStore {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyTableStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private final Path file;
    private final SingleObjectCodec codec = SingleObjectCodec.standard();

    public PolicyTableStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The stored table, or an empty one when there is no file yet. */
    public PolicyTable load() throws IOException {
        if (!Files.exists(file)) {
            return new PolicyTable();
        }
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || root.path("format").asInt() != FORMAT) {
            throw new IOException(file + " is not a policy table of format " + FORMAT);
        }
        Map<String, PolicyDirective> directives = new HashMap<>();
        boolean complete = true;
        for (JsonNode entry : root.path("directives")) {
            String key = entry.path("key").asText();
            try {
                SpecificRecord record = codec.decode(Base64.getDecoder().decode(entry.path("value").asText()));
                directives.put(key, (PolicyDirective) record);
            } catch (RuntimeException e) {
                LOG.error("Policy table {}: directive {} unreadable ({}); re-reading fleet.policy from the start",
                        file, key, e.getMessage());
                complete = false;
            }
        }
        Map<Integer, Long> positions = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.path("positions").fields();
        while (complete && fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            positions.put(Integer.parseInt(field.getKey()), field.getValue().asLong());
        }
        return new PolicyTable(new PolicyTable.Snapshot(directives, positions));
    }

    public void save(PolicyTable.Snapshot snapshot) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode positions = root.putObject("positions");
        snapshot.positions().forEach((partition, offset) -> positions.put(partition.toString(), offset));
        ArrayNode directives = root.putArray("directives");
        snapshot.directives().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> directives.addObject()
                .put("key", entry.getKey())
                .put("version", entry.getValue().getVersion())
                .put("value", Base64.getEncoder().encodeToString(codec.encode(entry.getValue()))));
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
