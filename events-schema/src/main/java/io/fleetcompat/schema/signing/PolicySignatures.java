package io.fleetcompat.schema.signing;

import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.PolicyDirective;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;

/**
 * What a directive's signature covers: one definition for the signer (fleet-stream) and the verifiers (agents);
 * events-schema/README.md ("Signed directives") states it for other languages.
 *
 * <pre>
 * "FLEETCOMPAT-POLICY-SIGNATURE-V1" 0x00     the context, 32 bytes: such a signature means nothing else
 * u32 big-endian                             length of the fleet.policy record key in UTF-8 bytes
 * the record key, UTF-8                      binds the directive to its key (which must be its target's key)
 * single-object encoding                     the directive with {@code signature} null, in its writer's schema
 * </pre>
 */
public final class PolicySignatures {

    /** The JDK's name of the one algorithm used (pure Ed25519, RFC 8032). */
    public static final String ALGORITHM = "Ed25519";
    static final String SIGNATURE_FIELD = "signature";
    private static final byte[] CONTEXT = "FLEETCOMPAT-POLICY-SIGNATURE-V1\0".getBytes(StandardCharsets.US_ASCII);

    private PolicySignatures() {
    }

    /**
     * The message a signature covers.
     *
     * @param unsignedValue the directive's single-object encoding with its {@code signature} null
     */
    public static byte[] message(String recordKey, byte[] unsignedValue) {
        byte[] key = recordKey.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(CONTEXT.length + 4 + key.length + unsignedValue.length);
        out.writeBytes(CONTEXT);
        out.writeBytes(ByteBuffer.allocate(4).putInt(key.length).array());
        out.writeBytes(key);
        out.writeBytes(unsignedValue);
        return out.toByteArray();
    }

    /**
     * The message a signature on the directive {@code value} (as written, any released version) covers: its writer
     * schema re-encodes it with the signature null, so fields this process does not know are still covered.
     *
     * @return null when the writer's schema has no signature field (a directive from before signing)
     */
    static byte[] messageOf(String recordKey, SingleObjectCodec.WriterView written) {
        Schema schema = written.writer().schema();
        if (!schema.getFullName().equals(PolicyDirective.getClassSchema().getFullName())) {
            throw new IllegalArgumentException(schema.getFullName() + " is not a PolicyDirective");
        }
        if (schema.getField(SIGNATURE_FIELD) == null) {
            return null;
        }
        written.record().put(SIGNATURE_FIELD, null);
        return message(recordKey, written.encode());
    }
}
