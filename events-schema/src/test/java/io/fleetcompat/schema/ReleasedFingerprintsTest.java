package io.fleetcompat.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Released history files are never edited (README, evolution rule 7): data written with a version must stay
 * decodable. The ledger {@code released-fingerprints.txt} records each released version's fingerprint; a
 * history file whose fingerprint no longer matches, or a version missing from either side, fails here.
 */
class ReleasedFingerprintsTest {

    private static final String LEDGER = "released-fingerprints.txt";

    @Test
    void shouldKeepEveryReleasedVersionAsItWasReleased() throws IOException {
        Map<String, String> ledger = ledger();
        Map<String, String> history = SchemaHistory.bundled().all().stream().collect(Collectors.toMap(
                v -> v.recordName() + " v" + v.version(), v -> SingleObjectHeader.hex(v.fingerprint()),
                (a, b) -> a, TreeMap::new));

        assertThat(history)
                .as("history files against src/test/resources/%s: a released file was edited (add a new version "
                        + "instead), or a new version needs its line '<Record> v<N> <fingerprint>' in the ledger",
                        LEDGER)
                .containsExactlyInAnyOrderEntriesOf(ledger);
    }

    private static Map<String, String> ledger() throws IOException {
        try (InputStream in = ReleasedFingerprintsTest.class.getClassLoader().getResourceAsStream(LEDGER)) {
            assertThat(in).as(LEDGER).isNotNull();
            Map<String, String> entries = new TreeMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split("\\s+");
                entries.put(parts[0] + " " + parts[1], parts[2]);
            }
            return entries;
        }
    }
}
