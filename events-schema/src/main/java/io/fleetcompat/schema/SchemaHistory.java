package io.fleetcompat.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every writer schema ever released, read from {@code avro-history/<RecordName>/v<N>.avsc} on the
 * classpath (versions numbered from 1 without gaps). A reader finds the writer schema of a message by
 * the fingerprint in its single-object header, then resolves it to the current class.
 */
public final class SchemaHistory {

    /** Classpath folder holding the history (src/main/avro-history in this module). */
    public static final String RESOURCE_ROOT = "avro-history";

    /** One released schema version of one record. */
    public record Version(String recordName, int version, Schema schema, long fingerprint) {
        /** The record's full name, e.g. {@code io.fleetcompat.schema.avro.DomainCreated}. */
        public String fullName() {
            return schema.getFullName();
        }
    }

    /** {"type": "string", "avro.java.string": "String"} as Avro pretty-prints it. */
    private static final Pattern ANNOTATED_STRING = Pattern.compile(
            "\\{\\s*\"type\"\\s*:\\s*\"string\",\\s*\"avro\\.java\\.string\"\\s*:\\s*\"String\"\\s*}");
    private static final Pattern JAVA_STRING_HINT = Pattern.compile(
            ",\\s*\"avro\\.java\\.string\"\\s*:\\s*\"String\"");

    private static final SchemaHistory BUNDLED =
            load(SchemaHistory.class.getClassLoader(), RESOURCE_ROOT, RecordTypes.ALL);

    private final List<Version> versions;
    private final Map<Long, Version> byFingerprint = new LinkedHashMap<>();

    private SchemaHistory(List<Version> versions) {
        this.versions = List.copyOf(versions);
        // First one wins; duplicate fingerprints are a history bug that SchemaEvolutionTest reports.
        versions.forEach(v -> byFingerprint.putIfAbsent(v.fingerprint(), v));
    }

    /** The history shipped in this jar, for every type in {@link RecordTypes#ALL}. */
    public static SchemaHistory bundled() {
        return BUNDLED;
    }

    /** Reads {@code <root>/<SimpleName>/v1.avsc, v2.avsc, ...} for each type until a version is missing. */
    public static SchemaHistory load(ClassLoader loader, String root,
                                     Collection<Class<? extends SpecificRecord>> types) {
        List<Version> found = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : types) {
            String name = type.getSimpleName();
            for (int n = 1; ; n++) {
                Optional<Schema> schema = readSchema(loader, root + "/" + name + "/v" + n + ".avsc");
                if (schema.isEmpty()) {
                    break;
                }
                found.add(version(name, n, schema.get(), type.getName()));
            }
        }
        return new SchemaHistory(found);
    }

    /** This history plus one more version, e.g. an older schema kept by a test or a reader of retired data. */
    public SchemaHistory with(int version, Schema schema) {
        List<Version> more = new ArrayList<>(versions);
        more.add(new Version(schema.getName(), version, schema, SingleObjectHeader.fingerprintOf(schema)));
        return new SchemaHistory(more);
    }

    /**
     * The text to release a schema as {@code vN.avsc}: self-contained (nested types inlined), pretty, and
     * without the Java-only {@code avro.java.string} hints codegen adds. Those hints do not change the
     * fingerprint, but some non-Java canonical-form implementations mishandle annotated primitives.
     */
    public static String toReleaseJson(Schema schema) {
        String json = schema.toString(true);
        json = ANNOTATED_STRING.matcher(json).replaceAll("\"string\"");
        return JAVA_STRING_HINT.matcher(json).replaceAll("") + "\n";
    }

    public Optional<Version> findByFingerprint(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /** All versions of one record (simple name), oldest first. */
    public List<Version> versionsOf(String recordName) {
        return versions.stream()
                .filter(v -> v.recordName().equals(recordName))
                .sorted(Comparator.comparingInt(Version::version))
                .toList();
    }

    /** Every version of every record, in load order. */
    public List<Version> all() {
        return versions;
    }

    private static Version version(String name, int n, Schema schema, String expectedFullName) {
        if (!schema.getFullName().equals(expectedFullName)) {
            throw new IllegalStateException(RESOURCE_ROOT + "/" + name + "/v" + n + ".avsc defines "
                    + schema.getFullName() + ", expected " + expectedFullName);
        }
        return new Version(name, n, schema, SingleObjectHeader.fingerprintOf(schema));
    }

    private static Optional<Schema> readSchema(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            // A fresh parser per file: each history file is self-contained and reuses the same names.
            return Optional.of(new Schema.Parser().parse(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
