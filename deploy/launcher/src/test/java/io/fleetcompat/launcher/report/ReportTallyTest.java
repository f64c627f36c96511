package io.fleetcompat.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.rules.cohort.ControlGroup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTallyTest {

    @Test
    void shouldAddUpEveryMetricOfTheStory() {
        ReportTally tally = new ReportTally(DemoStory.CONTROL_GROUP);

        DemoStory.entries().forEach(entry -> tally.accept(entry.topic(), entry.value()));

        assertThat(tally.report()).isEqualTo(DemoStory.EXPECTED);
    }

    @Test
    void shouldCountUndecodableRecordsPerTopicWithoutTouchingTheRest() {
        ReportTally tally = new ReportTally(DemoStory.CONTROL_GROUP);

        tally.undecodable("fleet.events");
        tally.undecodable("fleet.events");
        tally.undecodable("fleet.policy");

        DemoReport report = tally.report();
        assertThat(report.undecodableByTopic()).isEqualTo(Map.of("fleet.events", 2L, "fleet.policy", 1L));
        assertThat(report.undecodable()).isEqualTo(3);
        assertThat(report.events()).isZero();
    }

    @Test
    void shouldIgnoreTombstones() {
        ReportTally tally = new ReportTally(DemoStory.CONTROL_GROUP);

        tally.accept("fleet.policy", null);

        assertThat(tally.report().policiesIssued()).isZero();
    }

    @Test
    void shouldReportNoLatencyAndAllAcknowledgedWhenNothingWasIssued() {
        DemoReport report = new ReportTally(DemoStory.CONTROL_GROUP).report();

        assertThat(report.detectionToApplicationP50Ms()).isNull();
        assertThat(report.detectionToApplicationP99Ms()).isNull();
        assertThat(report.allInstancePoliciesAcknowledged()).isTrue();
    }

    @Test
    void shouldCountAFailureWithoutPolicyWhenTheDenyWasNotInEffect() {
        ReportTally tally = new ReportTally(DemoStory.CONTROL_GROUP);

        // A directive key on the create, but FIFO was not denied: the guest was not protected.
        tally.accept("fleet.events", WireRecords.created("modern-1", "g", "instance:g", ControlSetting.PERMIT));
        tally.accept("fleet.events", WireRecords.resumeFailed("modern-1", "g"));

        assertThat(tally.report().resumeFailuresWithoutPolicy()).isEqualTo(1);
        assertThat(tally.report().resumeFailuresWithPolicy()).isZero();
        // Outside the control group, so it counts against protection all the same.
        assertThat(tally.report().resumeFailuresProtected()).isEqualTo(1);
        assertThat(tally.report().resumeFailuresControlGroup()).isZero();
    }

    @Test
    void shouldTellControlGroupFailuresFromProtectedOnesByTheGuestsHash() {
        ReportTally tally = new ReportTally(new ControlGroup(0.2));

        // g-control-4 hashes to 0.13, g-famfail to 0.25
        tally.accept("fleet.events", WireRecords.resumeFailed("modern-1", "g-control-4"));
        tally.accept("fleet.events", WireRecords.resumeFailed("modern-1", "g-famfail"));
        tally.accept("fleet.events", WireRecords.resumeFailed("modern-1", "g-control-4"));

        assertThat(tally.report().resumeFailuresControlGroup()).isEqualTo(2);
        assertThat(tally.report().resumeFailuresProtected()).isEqualTo(1);
        assertThat(tally.report().controlGroupGuests()).isEqualTo(1);
    }

    @Test
    void shouldCountAFifoImageFailureApartFromTheHazardThePolicyPrevents() {
        ReportTally tally = new ReportTally(new ControlGroup(0.2));

        tally.accept("fleet.events", WireRecords.resumeFailed("modern-1", "g-famfail", EvtchnAbi.FIFO));

        assertThat(tally.report().resumeFailuresOther()).isEqualTo(1);
        assertThat(tally.report().resumeFailuresProtected()).isZero();
    }

    @Test
    void shouldNotExpectAnAckFromACreateTooSoonAfterTheDirectiveToHaveSeenIt() {
        ReportTally tally = new ReportTally(new ControlGroup(0.0));
        PolicyTarget guest = WireRecords.instance("g-restored");

        // The §7.4 permit is issued for a save; the restore a few milliseconds later could not have seen it.
        tally.accept("fleet.policy", WireRecords.directive(guest, 1, PolicyReasonCode.FIFO_IMAGE_NEEDS_PERMIT,
                PolicyMode.ENFORCE, WireRecords.T0));
        tally.accept("fleet.events", WireRecords.created("modern-1", "g-restored", null, ControlSetting.UNSET,
                WireRecords.T0.plusMillis(20)));

        assertThat(tally.report().allInstancePoliciesAcknowledged()).isTrue();
        assertThat(tally.report().instancePoliciesPending()).isEqualTo(1);
    }

    @Test
    void shouldTellAnImageBoundDirectiveThatArrivedAfterItsResumeFromALostAck() {
        ReportTally tally = new ReportTally(new ControlGroup(0.0));
        PolicyTarget late = WireRecords.instance("g-late");
        PolicyTarget lost = WireRecords.instance("g-lost");

        // Both denials name the image they protect and are issued long before their images resume (a lagging
        // stream's issue time says nothing of when the agent got them); the resume records say what decided.
        for (PolicyTarget guest : List.of(late, lost)) {
            tally.accept("fleet.policy", imageBound(WireRecords.directive(guest, 1,
                    PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST, PolicyMode.ENFORCE, WireRecords.T0),
                    "img-" + guest.getInstanceId()));
        }
        // g-late's resume was decided at the edge (no directive): its denial arrived after the image had resumed
        tally.accept("fleet.events", withImage(WireRecords.created("modern-1", "g-late", null, ControlSetting.DENY,
                WireRecords.T0.plusSeconds(60)), "img-g-late"));
        // g-lost's resume was decided by its denial, whose ack never came
        tally.accept("fleet.events", withImage(WireRecords.created("modern-1", "g-lost", "instance:g-lost",
                ControlSetting.DENY, WireRecords.T0.plusSeconds(60)), "img-g-lost"));

        DemoReport report = tally.report();
        assertThat(report.instancePoliciesAfterResume()).isEqualTo(1);
        assertThat(report.instancePoliciesUnacknowledged()).isEqualTo(1);
        assertThat(report.instancePoliciesPending()).isZero();
    }

    private static PolicyDirective imageBound(PolicyDirective directive, String imageId) {
        return PolicyDirective.newBuilder(directive).setScope(DirectiveScope.RESUME_OF_IMAGE).setImageId(imageId).build();
    }

    private static DomainCreated withImage(DomainCreated created, String imageId) {
        return DomainCreated.newBuilder(created).setImageId(imageId).build();
    }

    @Test
    void shouldPutNoGuestInAnEmptyControlGroup() {
        assertThat(new ControlGroup(0.0).test("g-control-4")).isFalse();
        assertThat(new ControlGroup(1.0).test("g-famfail")).isTrue();
    }

    @Test
    void shouldTakeTheNearestRankPercentile() {
        List<Long> samples = List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L);

        assertThat(Percentiles.nearestRank(samples, 50)).isEqualTo(50L);
        assertThat(Percentiles.nearestRank(samples, 99)).isEqualTo(100L);
        assertThat(Percentiles.nearestRank(List.of(7L), 50)).isEqualTo(7L);
    }
}
