package io.fleetcompat.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.stream.support.TestPolicyKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fleet-stream's signing key settings: required, and every problem names the setting and the file. */
class PolicySigningSettingsTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseToStartWithoutAKey() {
        assertThatThrownBy(() -> settings(Optional.empty(), Optional.empty()).signer())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("fleet-stream.policy.signing.key-file is required");
    }

    @Test
    void shouldNameTheSettingAndTheFileOfAKeyItCannotUse() throws IOException {
        Path notAKey = Files.writeString(dir.resolve("policy.pem"), "nothing here");

        assertThatThrownBy(() -> settings(Optional.of(notAKey), Optional.empty()).signer())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fleet-stream.policy.signing.key-file").hasMessageContaining(notAKey.toString());
        assertThatThrownBy(() -> settings(Optional.of(TestPolicyKeys.writePrivateKey(dir)), Optional.of("bad id!"))
                .signer())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("key id 'bad id!'");
    }

    @Test
    void shouldTakeTheKeyIdFromTheFileNameUnlessGiven() {
        Path key = TestPolicyKeys.writePrivateKey(dir);

        assertThat(settings(Optional.of(key), Optional.empty()).signer().keyId()).isEqualTo(TestPolicyKeys.KEY_ID);
        assertThat(settings(Optional.of(key), Optional.of("fleet-2026")).signer().keyId()).isEqualTo("fleet-2026");
    }

    private static PolicySigningSettings settings(Optional<Path> keyFile, Optional<String> keyId) {
        return new PolicySigningSettings() {
            @Override
            public Optional<Path> keyFile() {
                return keyFile;
            }

            @Override
            public Optional<String> keyId() {
                return keyId;
            }

            @Override
            public Optional<Path> keyStorePasswordFile() {
                return Optional.empty();
            }
        };
    }
}
