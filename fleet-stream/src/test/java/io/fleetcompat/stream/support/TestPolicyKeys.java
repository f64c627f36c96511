package io.fleetcompat.stream.support;

import io.fleetcompat.schema.signing.PolicyKeyFiles;
import io.fleetcompat.schema.signing.PolicySigner;
import io.fleetcompat.schema.signing.TrustedPolicyKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

/** A throw-away signing key for the tests (made once per JVM), and the agents' view of it. */
public final class TestPolicyKeys {

    public static final String KEY_ID = "fleet-stream-test";
    private static final KeyPair KEYS = PolicyKeyFiles.generate();
    public static final PolicySigner SIGNER = new PolicySigner(KEY_ID, KEYS.getPrivate());
    public static final TrustedPolicyKeys TRUSTED = new TrustedPolicyKeys(Map.of(KEY_ID, KEYS.getPublic()));

    private TestPolicyKeys() {
    }

    /** Writes the private key as {@code <dir>/fleet-stream-test.pem}, as fleet-stream's key-file setting reads it. */
    public static Path writePrivateKey(Path dir) {
        try {
            Path file = dir.resolve(KEY_ID + ".pem");
            Files.createDirectories(dir);
            PolicyKeyFiles.writePrivateKey(file, KEYS.getPrivate());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
