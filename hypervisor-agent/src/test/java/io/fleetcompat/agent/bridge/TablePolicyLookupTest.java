package io.fleetcompat.agent.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.host.AppliedPolicy;
import io.fleetcompat.agent.host.Controls;
import io.fleetcompat.agent.host.CreateContext;
import io.fleetcompat.agent.host.ImageRecord;
import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.agent.policy.PolicyTable;
import io.fleetcompat.agent.xen.XenProfile;
import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.FamilySelector;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TablePolicyLookupTest {

    private final PolicyTable table = new PolicyTable();
    private final TablePolicyLookup lookup = new TablePolicyLookup(table);

    private static PolicyDirective directive(PolicyTarget target, long version, PolicyMode mode, EvtchnControls controls) {
        return PolicyDirective.newBuilder()
                .setDirectiveId("d-" + version)
                .setTarget(target)
                .setControls(controls)
                .setReason(new PolicyReason(PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST, "image is 2-level"))
                .setVersion(version)
                .setMode(mode)
                .setCohortFraction(1.0)
                .setIssuedAt(Instant.parse("2026-11-01T00:00:00Z"))
                .build();
    }

    private void put(PolicyTarget target, long version, PolicyMode mode) {
        table.apply(PolicyTargetKeys.keyOf(target),
                directive(target, version, mode, new EvtchnControls(ControlSetting.DENY, ControlSetting.PERMIT)));
    }

    private static PolicyTarget instance(String id) {
        return new PolicyTarget(PolicyTargetKind.INSTANCE, id, null);
    }

    @Test
    void shouldHandAnEnforceDirectiveToTheToolstackWithKeyVersionAndControls() {
        put(instance("g1"), 4, PolicyMode.ENFORCE);

        assertThat(lookup.find(CreateContext.freshBoot("g1", "linux-5.10", "host-1", XenProfile.PROPOSED))).contains(new AppliedPolicy(
                "instance:g1", 4, PolicyMode.ENFORCE, new Controls(ControlSetting.DENY, ControlSetting.PERMIT)));
    }

    @Test
    void shouldHandAnAdviseDirectiveToTheToolstack() {
        put(instance("g1"), 2, PolicyMode.ADVISE);

        assertThat(lookup.find(CreateContext.freshBoot("g1", "linux-5.10", "host-1", XenProfile.PROPOSED)))
                .hasValueSatisfying(p -> assertThat(p.mode()).isEqualTo(PolicyMode.ADVISE));
    }

    @Test
    void shouldNeverHandAnObserveDirectiveToTheToolstack() {
        put(instance("g1"), 3, PolicyMode.OBSERVE);
        put(new PolicyTarget(PolicyTargetKind.FAMILY, null,
                new FamilySelector("linux-5.10", io.fleetcompat.schema.avro.XenProfile.PROPOSED)), 1, PolicyMode.OBSERVE);

        assertThat(table.directiveFor("g1", "linux-5.10", "host-1", io.fleetcompat.schema.avro.XenProfile.PROPOSED))
                .isPresent();
        assertThat(lookup.find(CreateContext.freshBoot("g1", "linux-5.10", "host-1", XenProfile.PROPOSED))).isEqualTo(Optional.empty());
    }

    @Test
    void shouldMatchAFamilyDirectiveOnlyOnHostsOfItsProfile() {
        put(new PolicyTarget(PolicyTargetKind.FAMILY, null,
                new FamilySelector("linux-5.10", io.fleetcompat.schema.avro.XenProfile.V5_SERIES)), 6, PolicyMode.ENFORCE);

        assertThat(lookup.find(CreateContext.freshBoot("g2", "linux-5.10", "host-1", XenProfile.V5_SERIES)))
                .hasValueSatisfying(p -> assertThat(p.policyKey()).isEqualTo("family:linux-5.10@V5_SERIES"));
        assertThat(lookup.find(CreateContext.freshBoot("g2", "linux-5.10", "host-1", XenProfile.PROPOSED))).isEmpty();
    }

    @Test
    void shouldResolveTheGuestsImageBoundDirectiveAtThatImagesResumeAndTheFamilyOnesElsewhere() {
        // Given the guest's denial bound to image A, and a family denial for resumes of 2-level images
        PolicyTarget guest = instance("g1");
        table.apply(PolicyTargetKeys.keyOf(guest), PolicyDirective.newBuilder(
                        directive(guest, 5, PolicyMode.ENFORCE, new EvtchnControls(ControlSetting.DENY, ControlSetting.UNSET)))
                .setScope(DirectiveScope.RESUME_OF_IMAGE).setImageId("h1/hibernation-1").build());
        PolicyTarget family = new PolicyTarget(PolicyTargetKind.FAMILY, null,
                new FamilySelector("linux-5.10", io.fleetcompat.schema.avro.XenProfile.PROPOSED));
        table.apply(PolicyTargetKeys.keyOf(family), PolicyDirective.newBuilder(
                        directive(family, 2, PolicyMode.ENFORCE, new EvtchnControls(ControlSetting.DENY, ControlSetting.UNSET)))
                .setScope(DirectiveScope.RESUMES_OF_2L_IMAGES).build());

        // Then the resume of A gets the guest's own, the resume of another 2-level image B the family's, a fresh boot none
        assertThat(lookup.find(CreateContext.resume("g1", "linux-5.10", "host-1", XenProfile.PROPOSED,
                new ImageRecord("h1/hibernation-1", AbiMode.TWO_LEVEL)))).hasValueSatisfying(p -> {
                    assertThat(p.policyKey()).isEqualTo("instance:g1");
                    assertThat(p.scope()).isEqualTo(DirectiveScope.RESUME_OF_IMAGE);
                    assertThat(p.imageId()).isEqualTo("h1/hibernation-1");
                });
        assertThat(lookup.find(CreateContext.resume("g1", "linux-5.10", "host-1", XenProfile.PROPOSED,
                new ImageRecord("h1/hibernation-2", AbiMode.TWO_LEVEL))))
                .hasValueSatisfying(p -> assertThat(p.policyKey()).isEqualTo("family:linux-5.10@PROPOSED"));
        assertThat(lookup.find(CreateContext.resume("g1", "linux-5.10", "host-1", XenProfile.PROPOSED,
                new ImageRecord("h1/hibernation-3", AbiMode.FIFO)))).isEmpty();
        assertThat(lookup.find(CreateContext.freshBoot("g1", "linux-5.10", "host-1", XenProfile.PROPOSED))).isEmpty();
    }
}
