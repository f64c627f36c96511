package io.fleetcompat.schema.signing;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Keys and a directive for the signing tests: RFC 8032's first Ed25519 test key, so the vectors are reproducible. */
final class SigningFixtures {

    static final String GUEST = "7d0c7a52-3f1e-4f7a-9a43-2b8f0c1d9e11";
    static final String KEY = "instance:" + GUEST;
    /** RFC 8032 section 7.1, TEST 1: secret key (seed) and public key. */
    static final String RFC8032_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    private SigningFixtures() {
    }

    static PrivateKey rfc8032PrivateKey() {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(
                    HexFormat.of().parseHex("302e020100300506032b657004220420" + RFC8032_SEED)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static PublicKey rfc8032PublicKey() {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                    HexFormat.of().parseHex("302a300506032b6570032100" + RFC8032_PUBLIC)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An ENFORCE evtchn_fifo denial of one guest, as fleet-stream issues it (unsigned). */
    static PolicyDirective denial(long version) {
        return PolicyDirective.newBuilder()
                .setDirectiveId("5c3e1f0a-2b4d-4c6e-8f9a-0b1c2d3e4f5a")
                .setTarget(new PolicyTarget(PolicyTargetKind.INSTANCE, GUEST, null))
                .setControls(new EvtchnControls(ControlSetting.DENY, ControlSetting.UNSET))
                .setReason(new PolicyReason(PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST, "2-level image"))
                .setEvidenceEventIds(List.of("e-1", "e-2"))
                .setVersion(version)
                .setMode(PolicyMode.ENFORCE)
                .setIssuedAt(Instant.parse("2026-11-01T00:00:30Z"))
                .build();
    }
}
