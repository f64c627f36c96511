package io.fleetcompat.schema.signing;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicySignature;
import io.fleetcompat.schema.avro.SignatureAlgorithm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;
import java.util.Optional;

/** fleet-stream's signing key: signs each directive, with its key id, as it leaves for fleet.policy. Thread-safe. */
public final class PolicySigner {

    private final String keyId;
    private final PrivateKey key;
    private final SingleObjectCodec codec = SingleObjectCodec.standard();

    public PolicySigner(String keyId, PrivateKey key) {
        this.keyId = PolicyKeyFiles.requireKeyId(keyId);
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * Reads the key from a file (see {@link PolicyKeyFiles}).
     *
     * @param keyId        the id written into signatures; empty: the file's name without its extension. For a
     *                     keystore it is also the alias of the key entry.
     * @param passwordFile for a keystore, the file holding its password (first line)
     */
    public static PolicySigner load(Path file, Optional<String> keyId, Optional<Path> passwordFile) {
        String id = keyId.map(PolicyKeyFiles::requireKeyId).orElseGet(() -> PolicyKeyFiles.keyIdOf(file));
        Optional<char[]> password = passwordFile.map(PolicySigner::firstLine);
        return new PolicySigner(id, PolicyKeyFiles.readPrivateKey(file, id, password));
    }

    public String keyId() {
        return keyId;
    }

    /** The directive with its signature set, for the record key its target gives (its fleet.policy key). */
    public PolicyDirective sign(PolicyDirective directive) {
        return sign(PolicyTargetKeys.keyOf(directive.getTarget()), directive);
    }

    /** The directive with its signature set, bound to {@code recordKey}; any signature it had is replaced. */
    public PolicyDirective sign(String recordKey, PolicyDirective directive) {
        PolicyDirective unsigned = PolicyDirective.newBuilder(directive).setSignature(null).build();
        byte[] message = PolicySignatures.message(recordKey, codec.encode(unsigned));
        try {
            Signature signature = Signature.getInstance(PolicySignatures.ALGORITHM);
            signature.initSign(key);
            signature.update(message);
            return PolicyDirective.newBuilder(unsigned)
                    .setSignature(new PolicySignature(keyId, SignatureAlgorithm.ED25519, ByteBuffer.wrap(signature.sign())))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed with key " + keyId, e);
        }
    }

    private static char[] firstLine(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            return (end < 0 ? text : text.substring(0, end)).replace("\r", "").toCharArray();
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot be read as a password file (" + e + ")");
        }
    }
}
