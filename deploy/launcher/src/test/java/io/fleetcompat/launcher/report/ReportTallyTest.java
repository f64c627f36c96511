package io.fleetcompat.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.avro.ControlSetting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTallyTest {

    @Test
    void shouldAddUpEveryMetricOfTheStory() {
        ReportTally tally = new ReportTally();

        DemoStory.entries().forEach(entry -> tally.accept(entry.topic(), entry.value()));

        assertThat(tally.report()).isEqualTo(DemoStory.EXPECTED);
    }

    @Test
    void shouldCountUndecodableRecordsPerTopicWithoutTouchingTheRest() {
        ReportTally tally = new ReportTally();

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
        ReportTally tally = new ReportTally();

        tally.accept("fleet.policy", null);

        assertThat(tally.report().policiesIssued()).isZero();
    }

    @Test
    void shouldReportNoLatencyAndAllAcknowledgedWhenNothingWasIssued() {
        DemoReport report = new ReportTally().report();

        assertThat(report.detectionToApplicationP50Ms()).isNull();
        assertThat(report.detectionToApplicationP99Ms()).isNull();
        assertThat(report.allInstancePoliciesAcknowledged()).isTrue();
    }

    @Test
    void shouldCountAFailureWithoutPolicyWhenTheDenyWasNotInEffect() {
        ReportTally tally = new ReportTally();

        // A directive key on the create, but FIFO was not denied: the guest was not protected.
        tally.accept("fleet.events", WireRecords.created("modern-1", "g", "instance:g", ControlSetting.PERMIT));
        tally.accept("fleet.events", WireRecords.resumeFailed("modern-1", "g"));

        assertThat(tally.report().resumeFailuresWithoutPolicy()).isEqualTo(1);
        assertThat(tally.report().resumeFailuresWithPolicy()).isZero();
    }

    @Test
    void shouldTakeTheNearestRankPercentile() {
        List<Long> samples = List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L);

        assertThat(Percentiles.nearestRank(samples, 50)).isEqualTo(50L);
        assertThat(Percentiles.nearestRank(samples, 99)).isEqualTo(100L);
        assertThat(Percentiles.nearestRank(List.of(7L), 50)).isEqualTo(7L);
    }
}
