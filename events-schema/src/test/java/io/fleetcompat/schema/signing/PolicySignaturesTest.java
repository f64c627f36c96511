package io.fleetcompat.schema.signing;

import static io.fleetcompat.schema.signing.SigningFixtures.KEY;
import static io.fleetcompat.schema.signing.SigningFixtures.denial;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.schema.EventDecodingException;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicySignature;
import io.fleetcompat.schema.avro.SignatureAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** Signing and verification of directives: what the signature covers, and which records are refused and why. */
class PolicySignaturesTest {

    private static final SingleObjectCodec CODEC = SingleObjectCodec.standard();
    /** The signature of {@code denial(3)} under {@link SigningFixtures#KEY} with RFC 8032's TEST 1 key. */
    private static final String README_SIGNATURE = "a3db04626f95c298dcc4f36b227628b7a7070f8419263fffe6825efa8b466630"
            + "0cb51ca68de361c8cd864a9551542eb3b00478641616cb4fc9f06f4ff62ad70e";
    private final KeyPair currentKeys = PolicyKeyFiles.generate();
    private final KeyPair nextKeys = PolicyKeyFiles.generate();
    private final PolicySigner current = new PolicySigner("fleet-2026", currentKeys.getPrivate());
    private final PolicySigner next = new PolicySigner("fleet-2027", nextKeys.getPrivate());
    private final PolicySigner rfc8032 = new PolicySigner("rfc8032", SigningFixtures.rfc8032PrivateKey());

    @Test
    void shouldVerifyADirectiveAsWrittenToFleetPolicy() {
        byte[] value = CODEC.encode(rfc8032.sign(denial(3)));

        SignatureCheck check = new TrustedPolicyKeys(Map.of("rfc8032", SigningFixtures.rfc8032PublicKey())).check(KEY, value);

        assertThat(check).isEqualTo(new SignatureCheck.Verified("rfc8032"));
    }

    @Test
    void shouldSignTheContextTheKeyAndTheUnsignedEncoding() {
        // The documented message: context, key length, key, single-object encoding with the signature null.
        byte[] unsigned = CODEC.encode(denial(3));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("FLEETCOMPAT-POLICY-SIGNATURE-V1".getBytes(StandardCharsets.US_ASCII));
        expected.write(0);
        expected.writeBytes(new byte[] {0, 0, 0, (byte) KEY.length()});
        expected.writeBytes(KEY.getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(unsigned);

        assertThat(PolicySignatures.message(KEY, unsigned)).isEqualTo(expected.toByteArray());
        // The unsigned encoding is the signed one up to the last field: its union index 0 (null) instead of 1.
        byte[] signed = CODEC.encode(rfc8032.sign(denial(3)));
        assertThat(unsigned[unsigned.length - 1]).isEqualTo((byte) 0x00);
        assertThat(Arrays.copyOf(signed, unsigned.length - 1)).isEqualTo(Arrays.copyOf(unsigned, unsigned.length - 1));
        assertThat(signed[unsigned.length - 1]).isEqualTo((byte) 0x02);
    }

    @Test
    void shouldGiveTheSignatureOfTheReadmeTestVector() {
        // Ed25519 is deterministic: events-schema/README.md quotes this value for other languages to check against.
        PolicySignature signature = rfc8032.sign(denial(3)).getSignature();

        assertThat(signature.getKeyId()).isEqualTo("rfc8032");
        assertThat(signature.getAlgorithm()).isEqualTo(SignatureAlgorithm.ED25519);
        assertThat(HexFormat.of().formatHex(signature.getValue().array())).isEqualTo(README_SIGNATURE);
    }

    @Test
    void shouldAcceptEitherKeyWhileBothAreTrusted() {
        TrustedPolicyKeys rotation = new TrustedPolicyKeys(Map.of("fleet-2026", currentKeys.getPublic(),
                "fleet-2027", nextKeys.getPublic()));

        assertThat(rotation.check(KEY, CODEC.encode(current.sign(denial(3)))))
                .isEqualTo(new SignatureCheck.Verified("fleet-2026"));
        assertThat(rotation.check(KEY, CODEC.encode(next.sign(denial(4)))))
                .isEqualTo(new SignatureCheck.Verified("fleet-2027"));
    }

    @Test
    void shouldRefuseAKeyRemovedFromTheTrustedSet() {
        TrustedPolicyKeys afterRotation = new TrustedPolicyKeys(Map.of("fleet-2027", nextKeys.getPublic()));

        SignatureCheck check = afterRotation.check(KEY, CODEC.encode(current.sign(denial(3))));

        assertThat(check).isInstanceOfSatisfying(SignatureCheck.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(AckRejectReason.UNKNOWN_SIGNING_KEY);
            assertThat(refused.detail()).contains("'fleet-2026'", "[fleet-2027]");
        });
    }

    @Test
    void shouldRefuseAnUnsignedDirectiveOfEveryVersion() {
        TrustedPolicyKeys keys = trustingCurrent();

        assertThat(keys.check(KEY, CODEC.encode(denial(3)))).isInstanceOfSatisfying(SignatureCheck.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(AckRejectReason.UNSIGNED));
        assertThat(keys.check(KEY, writtenAsVersion2(denial(3)))).isInstanceOfSatisfying(SignatureCheck.Refused.class,
                refused -> {
                    assertThat(refused.reason()).isEqualTo(AckRejectReason.UNSIGNED);
                    assertThat(refused.detail()).contains("v2");
                });
    }

    @Test
    void shouldRefuseATombstone() {
        SignatureCheck check = trustingCurrent().check(KEY, null);

        assertThat(check).isInstanceOfSatisfying(SignatureCheck.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(AckRejectReason.UNSIGNED);
            assertThat(refused.detail()).contains("tombstone");
        });
    }

    @Test
    void shouldRefuseASignedDirectiveWhoseVersionWasRaisedAfterSigning() {
        PolicyDirective forged = current.sign(denial(3));
        forged.setVersion(Long.MAX_VALUE);

        SignatureCheck check = trustingCurrent().check(KEY, CODEC.encode(forged));

        assertThat(check).isInstanceOfSatisfying(SignatureCheck.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(AckRejectReason.BAD_SIGNATURE));
    }

    @Test
    void shouldRefuseASignedDirectiveUnderAnotherRecordKey() {
        byte[] value = CODEC.encode(current.sign(denial(3)));

        SignatureCheck check = trustingCurrent().check("instance:another-guest", value);

        assertThat(check).isInstanceOfSatisfying(SignatureCheck.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(AckRejectReason.BAD_SIGNATURE));
    }

    @Test
    void shouldRefuseASignatureUnderATrustedIdMadeWithAnotherKey() {
        PolicySigner impostor = new PolicySigner("fleet-2026", PolicyKeyFiles.generate().getPrivate());

        SignatureCheck check = trustingCurrent()
                .check(KEY, CODEC.encode(impostor.sign(denial(3))));

        assertThat(check).isInstanceOfSatisfying(SignatureCheck.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(AckRejectReason.BAD_SIGNATURE));
    }

    @Test
    void shouldRefuseASignatureOfAnUnknownAlgorithmOrLength() {
        PolicyDirective unknownAlgorithm = current.sign(denial(3));
        unknownAlgorithm.getSignature().setAlgorithm(SignatureAlgorithm.UNKNOWN);
        PolicyDirective truncated = current.sign(denial(3));
        truncated.getSignature().setValue(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        TrustedPolicyKeys keys = trustingCurrent();

        assertThat(keys.check(KEY, CODEC.encode(unknownAlgorithm))).isInstanceOfSatisfying(SignatureCheck.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(AckRejectReason.BAD_SIGNATURE));
        assertThat(keys.check(KEY, CODEC.encode(truncated))).isInstanceOfSatisfying(SignatureCheck.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(AckRejectReason.BAD_SIGNATURE));
    }

    @Test
    void shouldReplaceAnEarlierSignatureWhenSigningAgain() {
        PolicyDirective resigned = next.sign(current.sign(denial(3)));

        assertThat(new TrustedPolicyKeys(Map.of("fleet-2027", nextKeys.getPublic())).check(KEY, CODEC.encode(resigned)))
                .isEqualTo(new SignatureCheck.Verified("fleet-2027"));
    }

    @Test
    void shouldLeaveBytesThatDoNotDecodeToTheDecodingErrors() {
        assertThatThrownBy(() -> trustingCurrent().check(KEY, "not avro".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOfSatisfying(EventDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.NOT_SINGLE_OBJECT));
    }

    private TrustedPolicyKeys trustingCurrent() {
        return new TrustedPolicyKeys(Map.of("fleet-2026", currentKeys.getPublic()));
    }

    /** A directive as fleet-stream wrote it before signing: the released v2 schema, which has no signature field. */
    private static byte[] writtenAsVersion2(PolicyDirective directive) {
        Schema v2 = CODEC.history().versionsOf("PolicyDirective").get(1).schema();
        try {
            byte[] current = CODEC.encode(directive);
            GenericRecord asV2 = new GenericDatumReader<GenericRecord>(directive.getSchema(), v2).read(null,
                    DecoderFactory.get().binaryDecoder(current, 10, current.length - 10, null));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {(byte) 0xC3, 0x01});
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(SchemaNormalization.parsingFingerprint64(v2)).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(v2).write(asV2, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
