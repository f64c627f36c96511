package io.fleetcompat.launcher;

import io.fleetcompat.schema.signing.PolicyKeyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

/**
 * Policy signing key pairs made with the JDK (Ed25519): the private key for fleet-stream, the public key for the
 * agents (deploy/README.md, "Policy signing keys"). {@code ./fleet demo} makes a throw-away pair in its run dir,
 * where components.properties points fleet-stream and the simulator (through their {@code ${stateDir}}).
 */
public final class PolicyKeys {

    /** The demo's key id, so its files are {@code demo.pem}. */
    public static final String DEMO_KEY_ID = "demo";
    /** In the run dir: fleet-stream's state dir, then the key's folder (stream.command's key-file). */
    static final Path DEMO_PRIVATE_DIR = Path.of("stream-state", "policy-signing");
    /** In the run dir: the simulator's state dir, then the trusted keys (simulate.command's --policy-trusted-keys). */
    static final Path DEMO_TRUSTED_DIR = Path.of("simulate-state", "trusted-policy-keys");

    private PolicyKeys() {
    }

    /**
     * @param created false when both files existed already and were kept: a signing key is never replaced, since
     *                the directives it signed would then be refused by agents that trust only the new one
     */
    public record Pair(String keyId, Path privateKey, Path publicKey, boolean created) {
    }

    /**
     * Writes {@code <privateDir>/<keyId>.pem} (PKCS#8, owner-only) and {@code <publicDir>/<keyId>.pem}
     * (SubjectPublicKeyInfo), or keeps them when both exist.
     *
     * @throws IllegalArgumentException for a bad key id, or when only one of the two files exists
     */
    public static Pair create(String keyId, Path privateDir, Path publicDir) throws IOException {
        PolicyKeyFiles.requireKeyId(keyId);
        Path privateKey = privateDir.resolve(keyId + ".pem");
        Path publicKey = publicDir.resolve(keyId + ".pem");
        boolean privateExists = Files.exists(privateKey);
        if (privateExists && Files.exists(publicKey)) {
            return new Pair(keyId, privateKey, publicKey, false);
        }
        if (privateExists || Files.exists(publicKey)) {
            throw new IllegalArgumentException("only one half of key pair '" + keyId + "' exists ("
                    + (privateExists ? privateKey : publicKey) + "); move it away or give both");
        }
        KeyPair keys = PolicyKeyFiles.generate();
        Files.createDirectories(privateDir);
        Files.createDirectories(publicDir);
        PolicyKeyFiles.writePrivateKey(privateKey, keys.getPrivate());
        PolicyKeyFiles.writePublicKey(publicKey, keys.getPublic());
        return new Pair(keyId, privateKey, publicKey, true);
    }

    /** The demo's throw-away pair in its run dir. */
    public static Pair forDemo(Path runDir) throws IOException {
        return create(DEMO_KEY_ID, runDir.resolve(DEMO_PRIVATE_DIR), runDir.resolve(DEMO_TRUSTED_DIR));
    }
}
