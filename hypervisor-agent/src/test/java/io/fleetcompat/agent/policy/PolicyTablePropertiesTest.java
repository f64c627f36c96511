package io.fleetcompat.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The agent's policy table against any sequence of fleet.policy records (directives of a few targets in any version
 * order, tombstones, directives under the wrong key): it holds each target's highest version, a lower version never
 * replaces a higher one, a tombstone never removes a directive (lifts are signed directives), and every record it
 * refuses is reported as refused.
 */
class PolicyTablePropertiesTest {

    private static final List<String> GUESTS = List.of("g-1", "g-2", "g-3");

    /** One fleet.policy record: a directive (version), a tombstone (version 0), or a directive under another key. */
    record Offer(String guest, long version, boolean underWrongKey) {
    }

    @Provide
    Arbitrary<Offer> offers() {
        return Combinators.combine(Arbitraries.of(GUESTS), Arbitraries.longs().between(0, 12),
                Arbitraries.integers().between(0, 9).map(n -> n == 0)).as(Offer::new);
    }

    @Property(tries = 500)
    void shouldHoldTheHighestVersionAndReportEveryRefusal(
            @ForAll @Size(max = 60) List<@From("offers") Offer> records) {
        PolicyTable table = new PolicyTable();
        Map<String, Long> expected = new HashMap<>();
        for (Offer offer : records) {
            String key = PolicyTargetKeys.INSTANCE_PREFIX + offer.guest();
            if (offer.version() == 0) {
                TableUpdate tombstone = table.apply(key, (StoredDirective) null);
                assertThat(tombstone).isInstanceOf(TableUpdate.Invalid.class);
                assertThat(tombstone.isRefused()).isTrue();
                continue;
            }
            PolicyDirective directive = directive(offer.underWrongKey() ? "elsewhere" : offer.guest(), offer.version());
            Long held = expected.get(key);
            TableUpdate update = table.apply(key, directive);
            if (offer.underWrongKey()) {
                assertThat(update).isInstanceOf(TableUpdate.Invalid.class);
                assertThat(update.isRefused()).isTrue();
            } else if (held != null && offer.version() < held) {
                assertThat(update).isEqualTo(new TableUpdate.Regression(key, offer.version(), held));
                assertThat(update.isRefused()).isTrue();
            } else {
                assertThat(update.isRefused()).isFalse();
                expected.put(key, offer.version());
            }
            assertThat(table.get(key).map(PolicyDirective::getVersion).orElse(null)).isEqualTo(expected.get(key));
        }
        assertThat(table.size()).isEqualTo(expected.size());
        // and what it would persist, applied to an empty table, gives the same table
        PolicyTable restored = new PolicyTable();
        table.snapshot().directives().forEach(restored::apply);
        expected.forEach((key, version) ->
                assertThat(restored.get(key).map(PolicyDirective::getVersion)).hasValue(version));
    }

    private static PolicyDirective directive(String guest, long version) {
        PolicyTarget target = PolicyTarget.newBuilder().setKind(PolicyTargetKind.INSTANCE).setInstanceId(guest).build();
        return PolicyDirective.newBuilder().setDirectiveId(UUID.randomUUID().toString()).setTarget(target)
                .setControls(new EvtchnControls(ControlSetting.DENY, ControlSetting.UNSET))
                .setReason(new PolicyReason(PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST, "property"))
                .setEvidenceEventIds(List.of()).setVersion(version).setCohortFraction(1.0).setMode(PolicyMode.ENFORCE)
                .setIssuedAt(Instant.EPOCH).build();
    }
}
