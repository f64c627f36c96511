package io.fleetcompat.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.schema.avro.FamilySelector;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.XenProfile;
import org.junit.jupiter.api.Test;

class PolicyTargetKeysTest {

    @Test
    void shouldKeyAnInstanceTargetByGuestId() {
        assertThat(PolicyTargetKeys.keyOf(SampleRecords.GUEST_TARGET))
                .isEqualTo("instance:7d0c7a52-3f1e-4f7a-9a43-2b8f0c1d9e11");
    }

    @Test
    void shouldKeyAFamilyTargetByKernelFamilyAndXenProfile() {
        assertThat(PolicyTargetKeys.keyOf(SampleRecords.FAMILY_TARGET)).isEqualTo("family:linux-5.10@PROPOSED");
    }

    @Test
    void shouldGiveDifferentProfilesOfOneFamilyDifferentKeys() {
        PolicyTarget upstream = PolicyTarget.newBuilder().setKind(PolicyTargetKind.FAMILY)
                .setSelector(new FamilySelector("linux-5.10", XenProfile.UPSTREAM_NOW)).build();

        assertThat(PolicyTargetKeys.keyOf(upstream)).isNotEqualTo(PolicyTargetKeys.keyOf(SampleRecords.FAMILY_TARGET));
    }

    @Test
    void shouldRefuseAnInstanceTargetWithoutInstanceId() {
        PolicyTarget broken = PolicyTarget.newBuilder().setKind(PolicyTargetKind.INSTANCE).build();

        assertThatThrownBy(() -> PolicyTargetKeys.keyOf(broken))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instance_id");
    }

    @Test
    void shouldRefuseAFamilyTargetWithoutSelector() {
        PolicyTarget broken = PolicyTarget.newBuilder().setKind(PolicyTargetKind.FAMILY).build();

        assertThatThrownBy(() -> PolicyTargetKeys.keyOf(broken))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("selector");
    }

    @Test
    void shouldRefuseATargetOfUnknownKind() {
        PolicyTarget unknown = PolicyTarget.newBuilder().setKind(PolicyTargetKind.UNKNOWN).setInstanceId("x").build();

        assertThatThrownBy(() -> PolicyTargetKeys.keyOf(unknown)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveBackTheTargetOfEveryKeyItMakes() {
        assertThat(PolicyTargetKeys.targetOf(PolicyTargetKeys.keyOf(SampleRecords.GUEST_TARGET)))
                .contains(SampleRecords.GUEST_TARGET);
        assertThat(PolicyTargetKeys.targetOf(PolicyTargetKeys.keyOf(SampleRecords.FAMILY_TARGET)))
                .contains(SampleRecords.FAMILY_TARGET);
    }

    @Test
    void shouldFindNoTargetInAKeyItCouldNotHaveMade() {
        assertThat(PolicyTargetKeys.targetOf("instance:")).isEmpty();
        assertThat(PolicyTargetKeys.targetOf("family:linux-5.10@NO_SUCH_PROFILE")).isEmpty();
        assertThat(PolicyTargetKeys.targetOf("family:@PROPOSED")).isEmpty();
        assertThat(PolicyTargetKeys.targetOf("guest-7")).isEmpty();
        assertThat(PolicyTargetKeys.targetOf(null)).isEmpty();
    }
}
