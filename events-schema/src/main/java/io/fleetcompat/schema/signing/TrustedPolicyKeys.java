package io.fleetcompat.schema.signing;

import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.AckRejectReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;

/**
 * The public keys an agent trusts, by key id: several during a rotation (the old and the new signing key). Checks
 * a fleet.policy record's signature. Thread-safe.
 */
public final class TrustedPolicyKeys {

    private final Map<String, PublicKey> keys;
    private final SingleObjectCodec codec = SingleObjectCodec.standard();

    public TrustedPolicyKeys(Map<String, PublicKey> keys) {
        keys.keySet().forEach(PolicyKeyFiles::requireKeyId);
        this.keys = Map.copyOf(keys);
    }

    /**
     * Reads every given public key file, and every {@code *.pem}, {@code *.pub} and {@code *.crt} file in every given
     * directory (names starting with '.' are skipped, as Kubernetes' secret volumes keep their internals there);
     * each file's key id is its name without the extension.
     *
     * @throws KeyFileException naming the file or directory at fault, or when two files give the same key id
     */
    public static TrustedPolicyKeys load(List<Path> filesOrDirectories) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (Path path : filesOrDirectories) {
            List<Path> files = Files.isDirectory(path) ? keyFilesIn(path) : List.of(path);
            for (Path file : files) {
                String id = PolicyKeyFiles.keyIdOf(file);
                if (keys.put(id, PolicyKeyFiles.readPublicKey(file)) != null) {
                    throw new KeyFileException(file, "key id '" + id + "' is given by another file too");
                }
            }
        }
        return new TrustedPolicyKeys(keys);
    }

    private static List<Path> keyFilesIn(Path directory) {
        try (Stream<Path> list = Files.list(directory)) {
            List<Path> files = new ArrayList<>();
            list.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> PolicyKeyFiles.PUBLIC_KEY_EXTENSIONS.stream().anyMatch(
                            ext -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .forEach(files::add);
            if (files.isEmpty()) {
                throw new KeyFileException(directory, "holds no public key file (*.pem, *.pub, *.crt)");
            }
            return files;
        } catch (IOException e) {
            throw new KeyFileException(directory, "cannot be listed (" + e + ")");
        }
    }

    public Set<String> keyIds() {
        return new TreeSet<>(keys.keySet());
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /**
     * Checks the record {@code value} read from fleet.policy under {@code recordKey}.
     *
     * @param value the record's bytes as read (a single-object PolicyDirective of any released version), or null
     *              for a tombstone, which can carry no signature
     * @throws io.fleetcompat.schema.EventDecodingException if the bytes do not decode
     */
    public SignatureCheck check(String recordKey, byte[] value) {
        if (value == null) {
            return new SignatureCheck.Refused(AckRejectReason.UNSIGNED, "a tombstone carries no signature and never "
                    + "removes a directive; lifts are signed directives with the controls UNSET");
        }
        SingleObjectCodec.WriterView written = codec.decodeAsWritten(value);
        Object signatureField = written.writer().schema().getField(PolicySignatures.SIGNATURE_FIELD) == null ? null
                : written.record().get(PolicySignatures.SIGNATURE_FIELD);
        if (!(signatureField instanceof GenericRecord signature)) {
            return new SignatureCheck.Refused(AckRejectReason.UNSIGNED, "the directive (PolicyDirective v"
                    + written.writer().version() + ") carries no signature");
        }
        String keyId = String.valueOf(signature.get("key_id"));
        PublicKey key = keys.get(keyId);
        if (key == null) {
            return new SignatureCheck.Refused(AckRejectReason.UNKNOWN_SIGNING_KEY, "signed by key '" + keyId
                    + "', which is not among the trusted keys " + keyIds());
        }
        String algorithm = String.valueOf(signature.get("algorithm"));
        if (!algorithm.equals("ED25519")) {
            return new SignatureCheck.Refused(AckRejectReason.BAD_SIGNATURE, "signature algorithm " + algorithm
                    + " is not ED25519");
        }
        ByteBuffer bytes = ((ByteBuffer) signature.get("value")).duplicate();
        byte[] signatureBytes = new byte[bytes.remaining()];
        bytes.get(signatureBytes);
        byte[] message = PolicySignatures.messageOf(recordKey, written);
        return verifies(key, message, signatureBytes) ? new SignatureCheck.Verified(keyId)
                : new SignatureCheck.Refused(AckRejectReason.BAD_SIGNATURE, "the signature by key '" + keyId
                + "' does not verify for this directive under key " + recordKey);
    }

    private static boolean verifies(PublicKey key, byte[] message, byte[] signatureBytes) {
        try {
            Signature verifier = Signature.getInstance(PolicySignatures.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            // A signature of the wrong length or encoding is simply a bad signature.
            return false;
        }
    }
}
