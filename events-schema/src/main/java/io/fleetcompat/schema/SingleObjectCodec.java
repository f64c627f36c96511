package io.fleetcompat.schema;

import io.fleetcompat.schema.EventDecodingException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Avro single-object encoding of the wire records, with writer-schema resolution through the
 * {@link SchemaHistory}: any released version of a record decodes into the current generated class.
 * Thread-safe; readers are built once per writer fingerprint.
 */
public final class SingleObjectCodec {

    private static final SingleObjectCodec STANDARD =
            new SingleObjectCodec(SchemaHistory.bundled(), RecordTypes.ALL);

    private final SchemaHistory history;
    private final Map<String, Schema> currentByFullName;
    private final Map<Class<?>, byte[]> headerByType;
    private final Map<Long, SpecificDatumReader<SpecificRecord>> readerByFingerprint = new ConcurrentHashMap<>();
    /** One writer per record type: a writer keeps no state between writes, and building one per record costs. */
    private final Map<Class<?>, SpecificDatumWriter<SpecificRecord>> writerByType = new ConcurrentHashMap<>();

    /**
     * @throws IllegalStateException if a current schema is missing from the history: data written with
     *     it could not be read by anyone else, so the process must not start.
     */
    public SingleObjectCodec(SchemaHistory history, Collection<Class<? extends SpecificRecord>> currentTypes) {
        this.history = history;
        List<Schema> schemas = currentTypes.stream().map(RecordTypes::schemaOf).toList();
        this.currentByFullName = schemas.stream()
                .collect(Collectors.toUnmodifiableMap(Schema::getFullName, Function.identity()));
        this.headerByType = currentTypes.stream()
                .collect(Collectors.toUnmodifiableMap(t -> t, t -> headerFor(history, RecordTypes.schemaOf(t))));
    }

    /** The codec for {@link RecordTypes#ALL} with the history bundled in this jar. */
    public static SingleObjectCodec standard() {
        return STANDARD;
    }

    public SchemaHistory history() {
        return history;
    }

    /** Header plus Avro binary body of the record, written with its current schema. */
    public byte[] encode(SpecificRecord record) {
        byte[] header = headerByType.get(record.getClass());
        if (header == null) {
            throw new SerializationException(record.getClass().getName()
                    + " is not a wire record type of this codec; see RecordTypes");
        }
        // Most wire records are 150-450 bytes: one buffer, no regrowth.
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        out.writeBytes(header);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writerByType.computeIfAbsent(record.getClass(),
                    type -> new SpecificDatumWriter<>(record.getSchema(), WireDataModel.INSTANCE)).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        } catch (RuntimeException e) {
            // e.g. a required field left null: the record itself is invalid.
            throw new SerializationException("Cannot encode " + record.getSchema().getName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes single-object bytes into the current class of the writer's record.
     *
     * @throws EventDecodingException for any bytes that do not decode; never returns null
     */
    public SpecificRecord decode(byte[] data) {
        if (data == null) {
            throw new EventDecodingException(Reason.NOT_SINGLE_OBJECT, null, "No bytes to decode");
        }
        long fingerprint = SingleObjectHeader.readFingerprint(data);
        SpecificDatumReader<SpecificRecord> reader = readerByFingerprint.computeIfAbsent(fingerprint, this::newReader);
        BoundedDecoder decoder = new BoundedDecoder(DecoderFactory.get()
                .binaryDecoder(data, SingleObjectHeader.LENGTH, data.length - SingleObjectHeader.LENGTH, null),
                data.length);
        SpecificRecord record;
        try {
            record = reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw malformed(fingerprint, reader, "does not decode (" + e + ")", e);
        }
        try {
            if (!decoder.isEnd()) {
                throw malformed(fingerprint, reader, "has bytes left after the record", null);
            }
        } catch (IOException e) {
            throw malformed(fingerprint, reader, "cannot be checked for trailing bytes", e);
        }
        return record;
    }

    /**
     * The writer's own view of a message: its writer schema from the history and the record decoded with that
     * schema alone (no resolution to the current class), so fields this process does not know are kept.
     *
     * @throws EventDecodingException as {@link #decode} does
     */
    public WriterView decodeAsWritten(byte[] data) {
        if (data == null) {
            throw new EventDecodingException(Reason.NOT_SINGLE_OBJECT, null, "No bytes to decode");
        }
        long fingerprint = SingleObjectHeader.readFingerprint(data);
        SchemaHistory.Version writer = history.findByFingerprint(fingerprint)
                .orElseThrow(() -> new EventDecodingException(Reason.UNKNOWN_FINGERPRINT, fingerprint,
                        "Writer schema " + SingleObjectHeader.hex(fingerprint) + " is in no history file"));
        BoundedDecoder decoder = new BoundedDecoder(DecoderFactory.get()
                .binaryDecoder(data, SingleObjectHeader.LENGTH, data.length - SingleObjectHeader.LENGTH, null),
                data.length);
        try {
            GenericRecord record = new GenericDatumReader<GenericRecord>(writer.schema()).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new EventDecodingException(Reason.MALFORMED_BODY, fingerprint, "Body of " + writer.recordName()
                        + " (writer " + SingleObjectHeader.hex(fingerprint) + ") has bytes left after the record");
            }
            return new WriterView(writer, record);
        } catch (IOException | RuntimeException e) {
            if (e instanceof EventDecodingException decoding) {
                throw decoding;
            }
            throw new EventDecodingException(Reason.MALFORMED_BODY, fingerprint, "Body of " + writer.recordName()
                    + " (writer " + SingleObjectHeader.hex(fingerprint) + ") does not decode (" + e + ")", e);
        }
    }

    /** A record decoded with its writer schema only; {@link #encode()} writes it back with that schema. */
    public record WriterView(SchemaHistory.Version writer, GenericRecord record) {

        /** Single-object encoding of {@link #record()} (as it is now) with the writer schema. */
        public byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.writeBytes(SingleObjectHeader.encode(writer.fingerprint()));
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            try {
                new GenericDatumWriter<GenericRecord>(writer.schema()).write(record, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("writing to memory cannot fail", e);
            }
            return out.toByteArray();
        }
    }

    private SpecificDatumReader<SpecificRecord> newReader(long fingerprint) {
        SchemaHistory.Version writer = history.findByFingerprint(fingerprint)
                .orElseThrow(() -> new EventDecodingException(Reason.UNKNOWN_FINGERPRINT, fingerprint,
                        "Writer schema " + SingleObjectHeader.hex(fingerprint) + " is in no history file"));
        Schema reader = currentByFullName.get(writer.fullName());
        if (reader == null) {
            throw new EventDecodingException(Reason.UNKNOWN_FINGERPRINT, fingerprint, "Writer schema "
                    + SingleObjectHeader.hex(fingerprint) + " is " + writer.recordName() + " v" + writer.version()
                    + ", which this codec has no current class for");
        }
        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer.schema());
        if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
            throw new EventDecodingException(Reason.INCOMPATIBLE_SCHEMA, fingerprint, writer.recordName() + " v"
                    + writer.version() + " cannot be read as the current schema: " + compatibility.getDescription());
        }
        SpecificDatumReader<SpecificRecord> datumReader =
                new SpecificDatumReader<>(writer.schema(), reader, WireDataModel.INSTANCE);
        trustGeneratedPackage(datumReader);
        return datumReader;
    }

    /**
     * Avro 1.12 refuses to load classes named by a schema (java-class properties) from packages not
     * listed in the system property org.apache.avro.SERIALIZABLE_PACKAGES. Today's schemas name none, but
     * trusting our package on each of our readers keeps the codec working in processes that never set the
     * property if one ever does, without widening trust for anyone else's readers.
     */
    static void trustGeneratedPackage(SpecificDatumReader<?> reader) {
        List<String> trusted = reader.getTrustedPackages();
        boolean trustsEverything = trusted.size() == 1 && "*".equals(trusted.get(0));
        if (!trustsEverything && !trusted.contains(RecordTypes.GENERATED_PACKAGE)) {
            trusted.add(RecordTypes.GENERATED_PACKAGE);
        }
    }

    private EventDecodingException malformed(long fingerprint, SpecificDatumReader<?> reader, String what,
                                             Throwable cause) {
        return new EventDecodingException(Reason.MALFORMED_BODY, fingerprint, "Body of "
                + reader.getSchema().getName() + " (writer " + SingleObjectHeader.hex(fingerprint) + ") " + what, cause);
    }

    private static byte[] headerFor(SchemaHistory history, Schema current) {
        long fingerprint = SingleObjectHeader.fingerprintOf(current);
        if (history.findByFingerprint(fingerprint).isEmpty()) {
            throw new IllegalStateException(current.getName() + ": the current schema (" + SingleObjectHeader.hex(fingerprint)
                    + ") is not in " + SchemaHistory.RESOURCE_ROOT + "/" + current.getName()
                    + "/; add it as the next vN.avsc (see events-schema/README.md)");
        }
        return SingleObjectHeader.encode(fingerprint);
    }
}
