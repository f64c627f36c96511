package io.fleetcompat.agent.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetcompat.agent.outbox.AtomicFiles;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.signing.SignatureCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy table on disk: JSON with each directive as the single-object bytes it arrived as (base64), so a newer
 * agent reads a table an older one wrote through the schema history, and the read positions per partition.
 * Replaced atomically (temp file, fsync, rename). The file is not trusted more than fleet.policy: each directive's
 * signature is verified again when it is loaded, and a directive that does not verify (or does not fit its key) is
 * dropped and fleet.policy re-read from the start.
 */
public final class PolicyTableStore {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyTableStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private final Path file;
    private final PolicyVerification verification;
    private final SingleObjectCodec codec = SingleObjectCodec.standard();

    public PolicyTableStore(Path file, PolicyVerification verification) {
        this.file = file;
        this.verification = verification;
    }

    public Path file() {
        return file;
    }

    /**
     * The stored table, or an empty one when there is no file yet. Directives that no longer pass (unreadable, not
     * signed by a trusted key, not fitting their key) are left out, and then no read position is restored, so the
     * consumer reads fleet.policy from the start again.
     */
    public PolicyTable load() throws IOException {
        if (!Files.exists(file)) {
            return new PolicyTable();
        }
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || root.path("format").asInt() != FORMAT) {
            throw new IOException(file + " is not a policy table of format " + FORMAT);
        }
        PolicyTable table = new PolicyTable();
        boolean complete = true;
        for (JsonNode entry : root.path("directives")) {
            String key = entry.path("key").asText();
            Optional<String> problem = loadInto(table, key, entry.path("value").asText());
            if (problem.isPresent()) {
                LOG.error("Policy table {}: directive {} left out ({}); re-reading fleet.policy from the start",
                        file, key, problem.get());
                complete = false;
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = root.path("positions").fields();
        while (complete && fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            table.advance(Integer.parseInt(field.getKey()), field.getValue().asLong());
        }
        return table;
    }

    /** Why the stored entry cannot enter the table, if it cannot. */
    private Optional<String> loadInto(PolicyTable table, String key, String base64) {
        byte[] value;
        SpecificRecord record;
        try {
            value = Base64.getDecoder().decode(base64);
            record = codec.decode(value);
        } catch (RuntimeException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
        if (!(record instanceof PolicyDirective directive)) {
            return Optional.of("not a PolicyDirective but " + record.getSchema().getName());
        }
        Optional<SignatureCheck.Refused> refusal = verification.refusal(key, value);
        if (refusal.isPresent()) {
            return Optional.of(refusal.get().reason() + ": " + refusal.get().detail());
        }
        TableUpdate update = table.apply(key, new StoredDirective(directive, value));
        return update.isRefused() ? Optional.of(update.toString()) : Optional.empty();
    }

    public void save(PolicyTable.Snapshot snapshot) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode positions = root.putObject("positions");
        snapshot.positions().forEach((partition, offset) -> positions.put(partition.toString(), offset));
        ArrayNode directives = root.putArray("directives");
        snapshot.directives().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> directives.addObject()
                .put("key", entry.getKey())
                .put("version", entry.getValue().directive().getVersion())
                .put("value", Base64.getEncoder().encodeToString(entry.getValue().value())));
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
