package io.fleetcompat.agent.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.FamilySelector;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.XenProfile;
import org.junit.jupiter.api.Test;

class PolicyTargetsTest {

    @Test
    void shouldRebuildTheTargetThatGaveTheKey() {
        PolicyTarget instance = new PolicyTarget(PolicyTargetKind.INSTANCE, "7d0c7a52-1", null);
        PolicyTarget family = new PolicyTarget(PolicyTargetKind.FAMILY, null,
                new FamilySelector("linux-5.10", XenProfile.PROPOSED));

        assertThat(PolicyTargets.fromKey(PolicyTargetKeys.keyOf(instance))).isEqualTo(instance);
        assertThat(PolicyTargets.fromKey(PolicyTargetKeys.keyOf(family))).isEqualTo(family);
    }

    @Test
    void shouldRefuseAKeyThatNoTargetHas() {
        assertThatThrownBy(() -> PolicyTargets.fromKey("family:linux-5.10@NOPE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOPE");
        assertThatThrownBy(() -> PolicyTargets.fromKey("host:h1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:h1");
    }
}
