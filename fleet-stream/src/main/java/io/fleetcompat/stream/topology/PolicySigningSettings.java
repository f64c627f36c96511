package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.signing.KeyFileException;
import io.fleetcompat.schema.signing.PolicySigner;
import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code fleet-stream.policy.signing.*} keys: the key fleet-stream signs every directive with (README,
 * "Signed directives"). There is no default and no unsigned mode: agents refuse unsigned directives, so fleet-stream
 * does not start without a key. The demo and the tests generate a throw-away one.
 */
@ConfigMapping(prefix = "fleet-stream.policy.signing")
public interface PolicySigningSettings {

    String KEY_FILE = "fleet-stream.policy.signing.key-file";
    String KEY_ID = "fleet-stream.policy.signing.key-id";
    String PASSWORD_FILE = "fleet-stream.policy.signing.key-store-password-file";

    /** The Ed25519 private key: a PKCS#8 PEM file, or a PKCS12/JKS keystore. Required. */
    Optional<Path> keyFile();

    /**
     * The key id written into every signature, under which agents trust the public key; default: the key file's
     * name without its extension. For a keystore it is also the alias of the key entry.
     */
    Optional<String> keyId();

    /** For a keystore: the file whose first line is its password (never the password itself in configuration). */
    Optional<Path> keyStorePasswordFile();

    /** @throws IllegalStateException naming the setting when the key is missing or cannot be used */
    default PolicySigner signer() {
        Path file = keyFile().orElseThrow(() -> new IllegalStateException(KEY_FILE + " is required: fleet-stream "
                + "signs every directive it writes to fleet.policy and agents refuse unsigned ones (deploy/README.md, "
                + "\"Policy signing keys\", says how to create one)"));
        try {
            return PolicySigner.load(file, keyId(), keyStorePasswordFile());
        } catch (KeyFileException | IllegalArgumentException e) {
            throw new IllegalStateException("Invalid " + KEY_FILE + " / " + KEY_ID + " / " + PASSWORD_FILE + ": "
                    + e.getMessage(), e);
        }
    }
}
