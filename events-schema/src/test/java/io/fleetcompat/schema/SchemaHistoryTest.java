package io.fleetcompat.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.HypercallResult;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SchemaHistoryTest {

    @Test
    void shouldLoadAVersionOfEveryWireTypeFromTheClasspath() {
        assertThat(RecordTypes.ALL).allSatisfy(type ->
                assertThat(SchemaHistory.bundled().versionsOf(type.getSimpleName())).isNotEmpty());
    }

    @Test
    void shouldFindAReleasedSchemaByItsFingerprint() {
        long fingerprint = SingleObjectHeader.fingerprintOf(DomainCreated.getClassSchema());

        assertThat(SchemaHistory.bundled().findByFingerprint(fingerprint)).get()
                .satisfies(v -> assertThat(v.fullName()).isEqualTo(DomainCreated.class.getName()));
    }

    @Test
    void shouldKeepTheFingerprintTheReadmeGivesAsTestVector() {
        // Released files never change, so this stays true; README.md quotes it for other languages.
        assertThat(SchemaHistory.bundled().versionsOf("DomainCreated").get(0).fingerprint())
                .isEqualTo(0x2bf425ecc5bbd6e4L);
    }

    @Test
    void shouldReleaseSchemasWithoutJavaOnlyHintsAndWithTheSameFingerprint() {
        for (Class<? extends SpecificRecord> type : RecordTypes.ALL) {
            Schema current = RecordTypes.schemaOf(type);

            String released = SchemaHistory.toReleaseJson(current);

            assertThat(released).as(type.getSimpleName()).doesNotContain("avro.java.string");
            assertThat(SingleObjectHeader.fingerprintOf(new Schema.Parser().parse(released)))
                    .as(type.getSimpleName()).isEqualTo(SingleObjectHeader.fingerprintOf(current));
        }
    }

    @Test
    void shouldKeepTheMapOfHypercallArgumentsAMapOfLongsWhenReleased() {
        Schema released = new Schema.Parser().parse(SchemaHistory.toReleaseJson(HypercallResult.getClassSchema()));

        Schema arguments = released.getField("arguments").schema();
        assertThat(arguments.getType()).isEqualTo(Schema.Type.MAP);
        assertThat(arguments.getValueType().getType()).isEqualTo(Schema.Type.LONG);
    }

    @Test
    void shouldRefuseAHistoryFileThatDefinesAnotherRecord() {
        ClassLoader misplaced = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public java.io.InputStream getResourceAsStream(String name) {
                return name.equals("bad-history/DomainCreated/v1.avsc")
                        ? super.getResourceAsStream("avro-history/HostStatus/v1.avsc") : null;
            }
        };

        assertThatThrownBy(() -> SchemaHistory.load(misplaced, "bad-history", List.of(DomainCreated.class)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HostStatus").hasMessageContaining("DomainCreated");
    }
}
