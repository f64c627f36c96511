package io.fleetcompat.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.HostCohorts;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.FamilySelector;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.XenProfile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTableTest {

    private static final String FAMILY_KEY = "family:linux-5.10@PROPOSED";

    private static PolicyDirective directive(PolicyTarget target, long version, double cohort, PolicyMode mode) {
        return PolicyDirective.newBuilder().setDirectiveId("d" + version).setTarget(target)
                .setControls(new EvtchnControls(ControlSetting.DENY, ControlSetting.UNSET))
                .setReason(new PolicyReason(PolicyReasonCode.FAMILY_ROLLOUT, "rollout")).setVersion(version)
                .setCohortFraction(cohort).setMode(mode).setIssuedAt(Instant.EPOCH).build();
    }

    private static PolicyTarget instance(String id) {
        return new PolicyTarget(PolicyTargetKind.INSTANCE, id, null);
    }

    private static PolicyTarget family() {
        return new PolicyTarget(PolicyTargetKind.FAMILY, null, new FamilySelector("linux-5.10", XenProfile.PROPOSED));
    }

    @Test
    void shouldKeepTheHighestVersionAndReportARegression() {
        PolicyTable table = new PolicyTable();
        assertThat(table.apply("instance:g1", directive(instance("g1"), 5, 1.0, PolicyMode.ENFORCE)))
                .isEqualTo(new TableUpdate.Applied("instance:g1", 5, null));
        assertThat(table.apply("instance:g1", directive(instance("g1"), 5, 1.0, PolicyMode.ENFORCE)))
                .isEqualTo(new TableUpdate.Unchanged("instance:g1", 5));
        assertThat(table.apply("instance:g1", directive(instance("g1"), 4, 1.0, PolicyMode.ENFORCE)))
                .isEqualTo(new TableUpdate.Regression("instance:g1", 4, 5));
        assertThat(table.get("instance:g1")).hasValueSatisfying(d -> assertThat(d.getVersion()).isEqualTo(5));
        assertThat(table.apply("instance:g1", null)).isEqualTo(new TableUpdate.Deleted("instance:g1"));
        assertThat(table.size()).isZero();
    }

    @Test
    void shouldRefuseADirectiveFiledUnderAnotherTargetsKey() {
        PolicyTable table = new PolicyTable();

        TableUpdate update = table.apply("instance:other", directive(instance("g1"), 1, 1.0, PolicyMode.ENFORCE));

        assertThat(update).isInstanceOf(TableUpdate.Invalid.class);
        assertThat(update.isRefused()).isTrue();
        assertThat(table.size()).isZero();
    }

    @Test
    void shouldPreferTheInstanceDirectiveOverTheFamilyOne() {
        PolicyTable table = new PolicyTable();
        table.apply(FAMILY_KEY, directive(family(), 7, 1.0, PolicyMode.ENFORCE));
        table.apply("instance:g1", directive(instance("g1"), 3, 1.0, PolicyMode.ADVISE));

        assertThat(table.directiveFor("g1", "linux-5.10", "host-1", XenProfile.PROPOSED))
                .hasValueSatisfying(m -> assertThat(m.via()).isEqualTo(MatchedDirective.Via.INSTANCE));
        assertThat(table.directiveFor("g2", "linux-5.10", "host-1", XenProfile.PROPOSED))
                .hasValueSatisfying(m -> {
                    assertThat(m.via()).isEqualTo(MatchedDirective.Via.FAMILY);
                    assertThat(m.ref().key()).isEqualTo(FAMILY_KEY);
                    assertThat(m.mode()).isEqualTo(PolicyMode.ENFORCE);
                });
        assertThat(table.directiveFor("g2", "linux-5.10", "host-1", XenProfile.V5_SERIES)).isEmpty();
    }

    @Test
    void shouldApplyAFamilyDirectiveOnlyToHostsInsideItsCohort() {
        PolicyTable table = new PolicyTable();
        table.apply(FAMILY_KEY, directive(family(), 1, 0.5, PolicyMode.ENFORCE));
        String inside = IntStream.range(0, 100).mapToObj(i -> "host-" + i)
                .filter(h -> HostCohorts.bucketOf(h) < 0.5).findFirst().orElseThrow();
        String outside = IntStream.range(0, 100).mapToObj(i -> "host-" + i)
                .filter(h -> HostCohorts.bucketOf(h) >= 0.5).findFirst().orElseThrow();

        assertThat(table.directiveFor("g", "linux-5.10", inside, XenProfile.PROPOSED)).isPresent();
        assertThat(table.directiveFor("g", "linux-5.10", outside, XenProfile.PROPOSED)).isEmpty();
    }

    @Test
    void shouldRestoreDirectivesAndPositionsFromDisk(@TempDir Path dir) throws Exception {
        PolicyTable table = new PolicyTable();
        table.apply("instance:g1", directive(instance("g1"), 5, 1.0, PolicyMode.ENFORCE));
        table.advance(2, 17);
        PolicyTableStore store = new PolicyTableStore(dir.resolve("table.json"));
        store.save(table.snapshot());

        PolicyTable restored = store.load();

        assertThat(restored.get("instance:g1")).hasValueSatisfying(d -> assertThat(d.getVersion()).isEqualTo(5));
        assertThat(restored.position(2)).hasValue(17);
        assertThat(restored.position(0)).isEmpty();
        assertThat(restored.lastVersionSeen()).isEqualTo(5);
    }
}
