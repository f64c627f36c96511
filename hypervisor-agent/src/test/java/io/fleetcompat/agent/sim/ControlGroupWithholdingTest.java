package io.fleetcompat.agent.sim;

import io.fleetcompat.agent.host.CreateContext;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.host.AppliedPolicy;
import io.fleetcompat.agent.host.Controls;
import io.fleetcompat.agent.host.HostEvent;
import io.fleetcompat.agent.host.PolicyLookup;
import io.fleetcompat.agent.host.RecordingListener;
import io.fleetcompat.agent.xen.XenProfile;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.rules.cohort.ControlGroup;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Directives reach the control group's domains only as advice; everyone else gets them unchanged. */
class ControlGroupWithholdingTest {

    private static final String PREFIX = "instance:";
    /** What fleet-stream would send every guest: an enforced FIFO denial of its own. */
    private static final PolicyLookup DENY_EVERY_GUEST = create ->
            Optional.of(new AppliedPolicy(PREFIX + create.instanceId(), 3, PolicyMode.ENFORCE, Controls.DENY_FIFO));

    @Test
    void shouldHandControlGroupDirectivesOverAsAdviceWithTheirKeyVersionAndControls() {
        ControlGroup half = new ControlGroup(0.5);
        String member = guestId(half, true);
        String outsider = guestId(half, false);
        ControlGroupWithholding lookup = new ControlGroupWithholding(DENY_EVERY_GUEST, half);

        AppliedPolicy withheld = lookup.find(CreateContext.freshBoot(member, "linux-5.10", "modern-1", XenProfile.PROPOSED)).orElseThrow();
        AppliedPolicy passed = lookup.find(CreateContext.freshBoot(outsider, "linux-5.10", "modern-1", XenProfile.PROPOSED)).orElseThrow();

        assertThat(withheld).isEqualTo(new AppliedPolicy(PREFIX + member, 3, PolicyMode.ADVISE, Controls.DENY_FIFO));
        assertThat(passed).isEqualTo(new AppliedPolicy(PREFIX + outsider, 3, PolicyMode.ENFORCE, Controls.DENY_FIFO));
    }

    @Test
    void shouldPassAnAbsentDirectiveThroughForEveryGuest() {
        ControlGroupWithholding lookup = new ControlGroupWithholding(PolicyLookup.NONE, new ControlGroup(1.0));

        assertThat(lookup.find(CreateContext.freshBoot(UUID.randomUUID().toString(), "linux-5.10", "modern-1", XenProfile.PROPOSED))).isEmpty();
    }

    @Test
    void shouldLeaveOnlyTheControlGroupToFailWhenEveryGuestIsDeniedFifo() {
        // Given the small fleet, where every guest is sent a FIFO denial, withheld from 20 % of the guests
        Scenario small = ScenarioFiles.resource(ScenarioFiles.SMALL);
        ControlGroup group = new ControlGroup(small.controlGroupFraction());
        RecordingListener events = new RecordingListener();

        // When it runs well past its retirement wave (step 300)
        Simulator.create(small, 5, new ControlGroupWithholding(DENY_EVERY_GUEST, group), events)
                .run(RunLimit.steps(3_000), Pacing.UNPACED);

        // Then resumes failed, and only in the control group
        List<String> failed = events.ofType(HostEvent.GuestResumeFailed.class).stream()
                .map(HostEvent.GuestResumeFailed::instanceId).toList();
        assertThat(failed).isNotEmpty().allMatch(group::contains);
        // And the control group's acks say ADVISED (or REJECTED where the host has no knob), never APPLIED
        List<HostEvent.PolicyAck> acks = events.ofType(HostEvent.PolicyAck.class);
        assertThat(acks.stream().filter(a -> group.contains(guestOf(a))).map(HostEvent.PolicyAck::outcome))
                .isNotEmpty().contains(AckOutcome.ADVISED).doesNotContain(AckOutcome.APPLIED);
        assertThat(acks.stream().filter(a -> !group.contains(guestOf(a))).map(HostEvent.PolicyAck::outcome))
                .isNotEmpty().contains(AckOutcome.APPLIED).doesNotContain(AckOutcome.ADVISED);
        // And no control-group domain was created under the directive
        assertThat(events.ofType(HostEvent.DomainCreated.class).stream()
                .filter(c -> group.contains(c.instanceId())).map(c -> c.policy().isPresent()))
                .isNotEmpty().containsOnly(false);
    }

    private static String guestOf(HostEvent.PolicyAck ack) {
        return ack.policy().policyKey().substring(PREFIX.length());
    }

    private static String guestId(ControlGroup group, boolean inside) {
        return Stream.generate(() -> UUID.randomUUID().toString())
                .filter(id -> group.contains(id) == inside).findFirst().orElseThrow();
    }
}
