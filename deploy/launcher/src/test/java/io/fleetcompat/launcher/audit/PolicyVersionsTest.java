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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class PolicyVersionsTest {

    private static ConsumerRecord<byte[], byte[]> directive(String guest, long version, long offset) {
        PolicyTarget target = PolicyTarget.newBuilder().setKind(PolicyTargetKind.INSTANCE).setInstanceId(guest).build();
        PolicyDirective d = PolicyDirective.newBuilder().setDirectiveId("d-" + guest + "-" + version + "-" + offset)
                .setTarget(target).setVersion(version).setMode(PolicyMode.ENFORCE)
                .setControls(EvtchnControls.newBuilder().setEvtchnFifo(ControlSetting.DENY)
                        .setEvtchnUpcall(ControlSetting.UNSET).build())
                .setReason(new PolicyReason(PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST, "test"))
                .setIssuedAt(Instant.EPOCH)
                .build();
        return new ConsumerRecord<>("fleet.policy", 0, offset,
                PolicyTargetKeys.keyOf(target).getBytes(StandardCharsets.UTF_8), SingleObjectCodec.standard().encode(d));
    }

    @Test
    void shouldNameEachVersionWrittenMoreThanOnce() {
        PolicyVersions versions = PolicyVersions.of(List.of(directive("g1", 1, 0), directive("g1", 2, 1),
                directive("g2", 1, 2), directive("g1", 2, 3), directive("g1", 2, 4)));

        assertThat(versions.issued()).isEqualTo(3);
        assertThat(versions.duplicates()).containsExactly("instance:g1 v2");
        assertThat(versions.gaps()).isEmpty();
    }

    @Test
    void shouldNameAVersionMissingBelowATargetsHighest() {
        PolicyVersions versions = PolicyVersions.of(List.of(directive("g1", 1, 0), directive("g1", 3, 1),
                directive("g2", 2, 2)));

        assertThat(versions.gaps()).containsExactly("instance:g1 v2", "instance:g2 v1");
    }

    @Test
    void shouldLeaveOutRecordsThatAreNotDirectives() {
        ConsumerRecord<byte[], byte[]> garbage = new ConsumerRecord<>("fleet.policy", 0, 9, "x".getBytes(), new byte[] {1, 2});

        assertThat(PolicyVersions.of(List.of(directive("g1", 1, 0), garbage, directive("g1", 1, 1))).duplicates())
                .containsExactly("instance:g1 v1");
    }
}
