package io.fleetcompat.launcher.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.signing.PolicyKeyFiles;
import io.fleetcompat.schema.signing.PolicySigner;
import io.fleetcompat.schema.signing.TrustedPolicyKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class PolicyVersionsTest {

    private static final KeyPair STREAM_KEY = PolicyKeyFiles.generate();
    private static final PolicySigner STREAM = new PolicySigner("fleet-2026", STREAM_KEY.getPrivate());
    private static final TrustedPolicyKeys STREAM_KEYS = new TrustedPolicyKeys(Map.of("fleet-2026", STREAM_KEY.getPublic()));

    private static ConsumerRecord<byte[], byte[]> directive(String guest, long version, long offset) {
        return directive(Optional.of(STREAM), guest, version, offset);
    }

    private static ConsumerRecord<byte[], byte[]> directive(Optional<PolicySigner> signer, String guest, long version,
                                                            long offset) {
        PolicyTarget target = PolicyTarget.newBuilder().setKind(PolicyTargetKind.INSTANCE).setInstanceId(guest).build();
        PolicyDirective d = PolicyDirective.newBuilder().setDirectiveId("d-" + guest + "-" + version + "-" + offset)
                .setTarget(target).setVersion(version).setMode(PolicyMode.ENFORCE)
                .setControls(EvtchnControls.newBuilder().setEvtchnFifo(ControlSetting.DENY)
                        .setEvtchnUpcall(ControlSetting.UNSET).build())
                .setReason(new PolicyReason(PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST, "test"))
                .setIssuedAt(Instant.EPOCH)
                .build();
        String key = PolicyTargetKeys.keyOf(target);
        PolicyDirective written = signer.map(s -> s.sign(key, d)).orElse(d);
        return new ConsumerRecord<>("fleet.policy", 0, offset, key.getBytes(StandardCharsets.UTF_8),
                SingleObjectCodec.standard().encode(written));
    }

    @Test
    void shouldNameEachVersionWrittenMoreThanOnce() {
        PolicyVersions versions = PolicyVersions.of(List.of(directive("g1", 1, 0), directive("g1", 2, 1),
                directive("g2", 1, 2), directive("g1", 2, 3), directive("g1", 2, 4)), STREAM_KEYS);

        assertThat(versions.issued()).isEqualTo(3);
        assertThat(versions.duplicates()).containsExactly("instance:g1 v2");
        assertThat(versions.gaps()).isEmpty();
    }

    @Test
    void shouldNameAVersionMissingBelowATargetsHighest() {
        PolicyVersions versions = PolicyVersions.of(List.of(directive("g1", 1, 0), directive("g1", 3, 1),
                directive("g2", 2, 2)), STREAM_KEYS);

        assertThat(versions.gaps()).containsExactly("instance:g1 v2", "instance:g2 v1");
    }

    @Test
    void shouldLeaveOutRecordsThatAreNotDirectives() {
        ConsumerRecord<byte[], byte[]> garbage = new ConsumerRecord<>("fleet.policy", 0, 9, "x".getBytes(), new byte[] {1, 2});

        assertThat(PolicyVersions.of(List.of(directive("g1", 1, 0), garbage, directive("g1", 1, 1)), STREAM_KEYS).duplicates())
                .containsExactly("instance:g1 v1");
    }

    @Test
    void shouldCountOnlyDirectivesSignedWithTheStreamsKey() {
        PolicySigner forger = new PolicySigner("fleet-2026", PolicyKeyFiles.generate().getPrivate());
        // the fuzzer's forgeries: a target fleet-stream never wrote, versions 1 and 3 (a "gap"), and a duplicate of a
        // version fleet-stream did write, unsigned or signed with another key under fleet-stream's key id
        PolicyVersions versions = PolicyVersions.of(List.of(directive("g1", 1, 0),
                directive(Optional.empty(), "fuzz-regressed-guest", 1, 1),
                directive(Optional.of(forger), "fuzz-regressed-guest", 3, 2),
                directive(Optional.empty(), "g1", 1, 3), directive(Optional.of(forger), "g1", 3, 4)), STREAM_KEYS);

        assertThat(versions.issued()).isEqualTo(1);
        assertThat(versions.duplicates()).isEmpty();
        assertThat(versions.gaps()).isEmpty();
    }
}
