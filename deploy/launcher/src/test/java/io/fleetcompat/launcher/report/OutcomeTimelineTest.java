package io.fleetcompat.launcher.report;

import static io.fleetcompat.launcher.report.WireRecords.T0;
import static io.fleetcompat.launcher.report.WireRecords.ack;
import static io.fleetcompat.launcher.report.WireRecords.created;
import static io.fleetcompat.launcher.report.WireRecords.directive;
import static io.fleetcompat.launcher.report.WireRecords.family;
import static io.fleetcompat.launcher.report.WireRecords.instance;
import static io.fleetcompat.launcher.report.WireRecords.resumeFailed;
import static io.fleetcompat.launcher.report.WireRecords.resumed;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.launcher.report.OutcomeTimeline.Cumulative;
import io.fleetcompat.launcher.report.OutcomeTimeline.Series;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.schema.avro.GuestResumeFailed;
import io.fleetcompat.schema.avro.GuestResumed;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.rules.cohort.ControlGroup;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutcomeTimelineTest {

    /** Of the guests below, only g-control-4 hashes below 0.2 (as in DemoStory). */
    private final OutcomeTimeline timeline = new OutcomeTimeline(new ControlGroup(0.2), Duration.ofSeconds(10));

    @Test
    void shouldCountEachSeriesCumulativelyPerBucketOfEventTime() {
        // Given two predictions in the first 10 s, a quiet bucket, then applications, resumes and failures
        timeline.accept(directive(instance("g-a"), 1, PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST,
                PolicyMode.ENFORCE, T0.plusSeconds(1)));
        timeline.accept(directive(instance("g-b"), 1, PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST,
                PolicyMode.ENFORCE, T0.plusSeconds(9)));
        timeline.accept(ack("h", instance("g-a"), 1, AckOutcome.APPLIED, T0.plusSeconds(21), "g-a"));
        timeline.accept(resumedAt("g-a", T0.plusSeconds(22)));
        DomainCreated edge = created("h", "g-e", null, ControlSetting.DENY, T0.plusSeconds(33));
        edge.setEdgeFailsafe(EdgeFailsafeOutcome.DENIED_FIFO);
        timeline.accept(edge);
        timeline.accept(created("h", "g-n", null, ControlSetting.UNSET, T0.plusSeconds(34)));
        timeline.accept(failedAt("g-control-4", T0.plusSeconds(25)));
        timeline.accept(failedAt("g-protected", T0.plusSeconds(31)));

        // When the timeline is read
        Cumulative c = timeline.cumulative();

        // Then it has four buckets from the first record's, each series running up to its total
        assertThat(c.start()).isEqualTo(T0);
        assertThat(c.buckets()).isEqualTo(4);
        assertThat(c.counts().get(Series.HAZARDS_PREDICTED)).containsExactly(2, 2, 2, 2);
        assertThat(c.counts().get(Series.POLICIES_APPLIED)).containsExactly(0, 0, 1, 1);
        assertThat(c.counts().get(Series.PROTECTED_AT_EDGE)).containsExactly(0, 0, 0, 1);
        assertThat(c.counts().get(Series.HEALTHY_RESUMES)).containsExactly(0, 0, 1, 1);
        assertThat(c.counts().get(Series.FAILURES_CONTROL_GROUP)).containsExactly(0, 0, 1, 1);
        assertThat(c.counts().get(Series.FAILURES_OUTSIDE_CONTROL_GROUP)).containsExactly(0, 0, 0, 1);
        assertThat(OutcomeTimeline.csv(c)).startsWith("seconds,hazards_predicted,policies_applied,protected_at_edge,"
                + "healthy_resumes,failures_control_group,failures_outside_control_group\n10,2,0,0,0,0,0\n")
                .endsWith("40,2,1,1,1,1,1\n");
    }

    @Test
    void shouldLeaveOutWhatIsNeitherAHazardNorAnOutcome() {
        // A family directive, an observe-only instance decision, a family ack without a domain, an unhealthy resume
        timeline.accept(directive(family("linux-5.10"), 1, PolicyReasonCode.FAMILY_ROLLOUT, PolicyMode.ENFORCE, T0));
        timeline.accept(directive(instance("g-o"), 1, PolicyReasonCode.RESUME_FAILURE_OBSERVED, PolicyMode.OBSERVE, T0));
        timeline.accept(ack("h", family("linux-5.10"), 1, AckOutcome.APPLIED, T0, null));
        GuestResumed unhealthy = resumed("h", "g-u", false);
        timeline.accept(unhealthy);
        timeline.accept(null);

        Cumulative c = timeline.cumulative();

        assertThat(c.buckets()).isZero();
        for (Series s : Series.values()) {
            assertThat(c.total(s)).isZero();
        }
        assertThat(OutcomeTimeline.csv(c)).hasLineCount(1);
    }

    private static GuestResumed resumedAt(String guest, Instant at) {
        GuestResumed r = resumed("h", guest, true);
        r.getHeader().setEventTime(at);
        return r;
    }

    private static GuestResumeFailed failedAt(String guest, Instant at) {
        GuestResumeFailed f = resumeFailed("h", guest);
        f.getHeader().setEventTime(at);
        return f;
    }
}
