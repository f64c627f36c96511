package io.fleetcompat.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The schema evolution gate of the build: every wire schema must stay fully compatible (both ways) with
 * every released version of itself, and every current schema must be released, i.e. present in
 * src/main/avro-history. Rules: events-schema/README.md.
 */
class SchemaEvolutionTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    private static final Path HISTORY_DIR = MODULE.resolve("src/main/avro-history");
    private static final Path CANDIDATES_DIR = MODULE.resolve("target/avro-history-candidates");

    private final SchemaHistory history = SchemaHistory.bundled();

    @Test
    void shouldReadEveryReleasedVersionWithTheCurrentSchema() {
        List<String> problems = checkAll((current, old) -> describe(current, old, "current cannot read"));

        assertThat(problems).as("backward compatibility (new readers, old data):%n%s", String.join("\n", problems))
                .isEmpty();
    }

    @Test
    void shouldLetEveryReleasedVersionReadTheCurrentSchema() {
        List<String> problems = checkAll((current, old) -> describe(old, current, "cannot read current"));

        assertThat(problems).as("forward compatibility (old readers, new data):%n%s", String.join("\n", problems))
                .isEmpty();
    }

    @Test
    void shouldHaveTheCurrentSchemaOfEveryWireTypeInTheHistory() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : RecordTypes.ALL) {
            Schema current = RecordTypes.schemaOf(type);
            long fingerprint = SingleObjectHeader.fingerprintOf(current);
            if (history.findByFingerprint(fingerprint).isEmpty()) {
                int next = history.versionsOf(type.getSimpleName()).size() + 1;
                Path candidate = writeCandidate(type.getSimpleName(), next, current);
                problems.add(String.format("%s changed (fingerprint %s) but src/main/avro-history/%s/v%d.avsc "
                                + "does not exist: release it by copying %s there",
                        type.getSimpleName(), SingleObjectHeader.hex(fingerprint), type.getSimpleName(), next,
                        MODULE.relativize(candidate)));
            }
        }

        assertThat(problems).as("unreleased schema changes:%n%s", String.join("\n", problems)).isEmpty();
    }

    @Test
    void shouldHaveUniqueFingerprintsAcrossTheHistory() {
        Map<Long, String> seen = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (SchemaHistory.Version v : history.all()) {
            String label = v.recordName() + "/v" + v.version();
            String earlier = seen.putIfAbsent(v.fingerprint(), label);
            if (earlier != null) {
                duplicates.add(label + " has the same canonical form as " + earlier
                        + " (a doc- or default-only change needs no new version): delete " + label + ".avsc");
            }
        }

        assertThat(duplicates).as("duplicate history fingerprints:%n%s", String.join("\n", duplicates)).isEmpty();
    }

    @Test
    void shouldNumberHistoryFilesFromV1WithoutGapsAndOnlyForWireTypes() throws IOException {
        Set<String> wireTypes = RecordTypes.ALL.stream().map(Class::getSimpleName).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        try (Stream<Path> folders = Files.list(HISTORY_DIR)) {
            for (Path folder : folders.sorted().toList()) {
                String name = folder.getFileName().toString();
                if (!wireTypes.contains(name)) {
                    problems.add(name + ": no such wire record type in RecordTypes.ALL");
                    continue;
                }
                List<String> files;
                try (Stream<Path> list = Files.list(folder)) {
                    files = list.map(p -> p.getFileName().toString()).sorted().toList();
                }
                List<String> expected = IntStream.rangeClosed(1, files.size()).mapToObj(n -> "v" + n + ".avsc")
                        .sorted().toList();
                if (!files.equals(expected)) {
                    problems.add(name + ": files " + files + ", expected " + expected);
                }
            }
        }
        RecordTypes.ALL.stream().map(Class::getSimpleName)
                .filter(name -> !Files.isDirectory(HISTORY_DIR.resolve(name)))
                .forEach(name -> problems.add(name + ": no history folder"));

        assertThat(problems).as("history layout:%n%s", String.join("\n", problems)).isEmpty();
    }

    @Test
    void shouldDocumentEveryRecordEnumAndField() {
        List<String> undocumented = new ArrayList<>();
        RecordTypes.ALL.forEach(type -> collectUndocumented(RecordTypes.schemaOf(type), undocumented));

        assertThat(undocumented.stream().distinct()).as("schema elements without a doc").isEmpty();
    }

    private List<String> checkAll(BiFunction<Schema, Schema, List<String>> check) {
        List<String> problems = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : RecordTypes.ALL) {
            Schema current = RecordTypes.schemaOf(type);
            for (SchemaHistory.Version old : history.versionsOf(type.getSimpleName())) {
                check.apply(current, old.schema()).forEach(p ->
                        problems.add(type.getSimpleName() + " v" + old.version() + ": " + p));
            }
        }
        return problems;
    }

    private static List<String> describe(Schema reader, Schema writer, String direction) {
        List<Incompatibility> incompatibilities = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                .getResult().getIncompatibilities();
        return incompatibilities.stream()
                .map(i -> String.format("%s: field %s: %s (%s at %s)", direction,
                        SchemaFieldPaths.fieldPath(reader, i.getLocation()), i.getMessage(), i.getType(),
                        i.getLocation()))
                .toList();
    }

    private static Path writeCandidate(String name, int version, Schema schema) throws IOException {
        Path file = CANDIDATES_DIR.resolve(name).resolve("v" + version + ".avsc");
        Files.createDirectories(file.getParent());
        Files.writeString(file, SchemaHistory.toReleaseJson(schema));
        return file;
    }

    private static void collectUndocumented(Schema schema, List<String> out) {
        switch (schema.getType()) {
            case RECORD -> {
                requireDoc(schema.getDoc(), "record " + schema.getName(), out);
                for (Schema.Field field : schema.getFields()) {
                    requireDoc(field.doc(), "field " + schema.getName() + "." + field.name(), out);
                    collectUndocumented(field.schema(), out);
                }
            }
            case ENUM -> requireDoc(schema.getDoc(), "enum " + schema.getName(), out);
            case ARRAY -> collectUndocumented(schema.getElementType(), out);
            case MAP -> collectUndocumented(schema.getValueType(), out);
            case UNION -> schema.getTypes().forEach(branch -> collectUndocumented(branch, out));
            default -> { }
        }
    }

    private static void requireDoc(String doc, String what, List<String> out) {
        if (doc == null || doc.isBlank()) {
            out.add(what);
        }
    }
}
