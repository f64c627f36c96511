package io.fleetcompat.agent.policy;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.signing.PolicyKeyFiles;
import io.fleetcompat.schema.signing.PolicySigner;
import io.fleetcompat.schema.signing.TrustedPolicyKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

/**
 * Test fixtures: fleet-stream's signing key as agents trust it ({@link #KEY_ID}), and a key no agent trusts
 * ({@link #UNTRUSTED}, same id space, another key), both made once per JVM.
 */
public final class TestPolicyKeys {

    public static final String KEY_ID = "fleet-test";
    private static final KeyPair KEYS = PolicyKeyFiles.generate();
    public static final PolicySigner SIGNER = new PolicySigner(KEY_ID, KEYS.getPrivate());
    public static final TrustedPolicyKeys TRUSTED = new TrustedPolicyKeys(Map.of(KEY_ID, KEYS.getPublic()));
    /** A key the agents do not trust: its signatures are refused UNKNOWN_SIGNING_KEY. */
    public static final PolicySigner UNTRUSTED = new PolicySigner("intruder", PolicyKeyFiles.generate().getPrivate());

    private TestPolicyKeys() {
    }

    public static PolicyVerification required() {
        return PolicyVerification.required(TRUSTED);
    }

    /** The directive signed for its target's key, as fleet-stream writes it to fleet.policy. */
    public static byte[] signed(PolicyDirective directive) {
        return SingleObjectCodec.standard().encode(SIGNER.sign(directive));
    }

    /** The directive signed, as the policy table keeps it. */
    public static StoredDirective stored(PolicyDirective directive) {
        return new StoredDirective(SIGNER.sign(directive), signed(directive));
    }

    /** Writes the trusted public key as {@code <dir>/fleet-test.pem}, for the policy.trusted.keys setting. */
    public static Path writeTrustedKey(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(KEY_ID + ".pem");
            PolicyKeyFiles.writePublicKey(file, KEYS.getPublic());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String keyOf(PolicyDirective directive) {
        return PolicyTargetKeys.keyOf(directive.getTarget());
    }
}
