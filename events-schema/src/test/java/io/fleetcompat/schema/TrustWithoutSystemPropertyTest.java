package io.fleetcompat.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The build passes org.apache.avro.SERIALIZABLE_PACKAGES to tests, but other processes will not: the
 * codec must trust the generated package on its own.
 */
class TrustWithoutSystemPropertyTest {

    @Test
    void shouldDecodeEveryRecordTypeInAJvmWithoutTheTrustProperty() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), DecodeWithoutTrustProperty.class.getName())
                .redirectErrorStream(true)
                .start();

        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            process.destroyForcibly();
        }

        assertThat(exited).as("child JVM finished in time").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("decoded " + SampleRecords.all().size() + " records");
    }

    @Test
    void shouldAddTheGeneratedPackageToAReaderOnlyOnce() {
        SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>();

        SingleObjectCodec.trustGeneratedPackage(reader);
        SingleObjectCodec.trustGeneratedPackage(reader);

        assertThat(reader.getTrustedPackages()).containsOnlyOnce(RecordTypes.GENERATED_PACKAGE);
    }

    @Test
    void shouldKeepATrustEverythingSettingAsItIs() {
        SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>();
        reader.getTrustedPackages().clear();
        reader.getTrustedPackages().add("*");

        SingleObjectCodec.trustGeneratedPackage(reader);

        assertThat(reader.getTrustedPackages()).isEqualTo(List.of("*"));
    }
}
