package io.fleetcompat.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetcompat.schema.HostCohorts;
import io.fleetcompat.schema.SingleObjectCodec;
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
import java.util.Base64;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTableTest {

    private static final String FAMILY_KEY = "family:linux-5.10@PROPOSED";
    private static final ObjectMapper JSON = new ObjectMapper();

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
        assertThat(table.apply("instance:g1", (PolicyDirective) null))
                .isEqualTo(new TableUpdate.Invalid("instance:g1", "a tombstone never removes a directive"));
        assertThat(table.get("instance:g1")).hasValueSatisfying(d -> assertThat(d.getVersion()).isEqualTo(5));
        assertThat(table.size()).isEqualTo(1);
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
        table.apply("instance:g1", TestPolicyKeys.stored(directive(instance("g1"), 5, 1.0, PolicyMode.ENFORCE)));
        table.advance(2, 17);
        PolicyTableStore store = new PolicyTableStore(dir.resolve("table.json"), TestPolicyKeys.required());
        store.save(table.snapshot());

        PolicyTable restored = store.load();

        assertThat(restored.get("instance:g1")).hasValueSatisfying(d -> assertThat(d.getVersion()).isEqualTo(5));
        assertThat(restored.position(2)).hasValue(17);
        assertThat(restored.position(0)).isEmpty();
        assertThat(restored.lastVersionSeen()).isEqualTo(5);
    }

    @Test
    void shouldLoadNoStoredDirectiveThatDoesNotVerifyAndThenReadFleetPolicyAgain(@TempDir Path dir) throws Exception {
        // Given a stored table whose directives were signed, then edited on disk
        PolicyTable table = new PolicyTable();
        table.apply("instance:g1", TestPolicyKeys.stored(directive(instance("g1"), 5, 1.0, PolicyMode.ENFORCE)));
        table.apply("instance:g2", TestPolicyKeys.stored(directive(instance("g2"), 3, 1.0, PolicyMode.ENFORCE)));
        table.apply("instance:g3", directive(instance("g3"), 2, 1.0, PolicyMode.ENFORCE));
        table.advance(0, 40);
        Path file = dir.resolve("table.json");
        new PolicyTableStore(file, TestPolicyKeys.required()).save(table.snapshot());
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        for (JsonNode entry : root.path("directives")) {
            if (entry.path("key").asText().equals("instance:g2")) {
                // a byte of the signed record changed: its version is now 4
                byte[] value = Base64.getDecoder().decode(entry.path("value").asText());
                byte[] forged = SingleObjectCodec.standard().encode(PolicyDirective.newBuilder(
                        (PolicyDirective) SingleObjectCodec.standard().decode(value)).setVersion(4).build());
                ((ObjectNode) entry).put("value", Base64.getEncoder().encodeToString(forged));
            }
        }
        JSON.writeValue(file.toFile(), root);

        // When an agent that requires signatures loads it
        PolicyTable restored = new PolicyTableStore(file, TestPolicyKeys.required()).load();

        // Then only the directive that still verifies is in force, and fleet.policy is read from the start again
        assertThat(restored.get("instance:g1")).hasValueSatisfying(d -> assertThat(d.getVersion()).isEqualTo(5));
        assertThat(restored.get("instance:g2")).isEmpty();
        assertThat(restored.get("instance:g3")).isEmpty();
        assertThat(restored.position(0)).isEmpty();
        // while an agent with verification OFF takes the unsigned one too
        assertThat(new PolicyTableStore(file, PolicyVerification.off()).load().get("instance:g3")).isPresent();
    }

    @Test
    void shouldStoreADirectiveAsTheBytesItArrivedAs(@TempDir Path dir) throws Exception {
        PolicyDirective directive = directive(instance("g1"), 5, 1.0, PolicyMode.ENFORCE);
        byte[] asRead = TestPolicyKeys.signed(directive);
        PolicyTable table = new PolicyTable();
        table.apply("instance:g1", new StoredDirective((PolicyDirective) SingleObjectCodec.standard().decode(asRead),
                asRead));
        Path file = dir.resolve("table.json");

        new PolicyTableStore(file, TestPolicyKeys.required()).save(table.snapshot());

        assertThat(Base64.getDecoder().decode(JSON.readTree(file.toFile()).path("directives").get(0).path("value")
                .asText())).isEqualTo(asRead);
    }
}
