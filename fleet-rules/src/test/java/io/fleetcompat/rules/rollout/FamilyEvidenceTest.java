package io.fleetcompat.rules.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.rules.detect.FamilySignal;
import org.junit.jupiter.api.Test;

class FamilyEvidenceTest {

    private static final long MINUTE = 60_000;

    private static FamilySignal signal(FamilySignal.Kind kind, long at) {
        return new FamilySignal(kind, "family:f@PROPOSED", "e-" + at, at, "h", null, null, null, false);
    }

    @Test
    void shouldCountOnlyTheBucketsInsideTheWindowAndKeepABoundedHistory() {
        FamilyEvidence evidence = FamilyEvidence.EMPTY
                .record(signal(FamilySignal.Kind.HAZARD, 0), 10 * MINUTE, 3)
                .record(signal(FamilySignal.Kind.HAZARD, 65 * MINUTE), 10 * MINUTE, 3)
                .record(signal(FamilySignal.Kind.SIGNATURE_FAILURE, 70 * MINUTE), 10 * MINUTE, 3)
                .record(signal(FamilySignal.Kind.RESUME_OK, 71 * MINUTE), 10 * MINUTE, 3);

        FamilyEvidence.Bucket lastHour = evidence.window(71 * MINUTE, 60 * MINUTE, 10 * MINUTE);
        assertThat(lastHour.hazards()).isEqualTo(1);
        assertThat(lastHour.signatureFailures()).isEqualTo(1);
        assertThat(lastHour.resumeFailureRate()).isZero();
        assertThat(evidence.buckets()).hasSize(3);
        assertThat(evidence.recentEvidence()).containsExactly("e-0", "e-" + 65 * MINUTE, "e-" + 70 * MINUTE);
    }

    @Test
    void shouldFindTheFamilyKeyInsideARolloutId() {
        assertThat(RolloutIds.familyKeyOf(RolloutIds.of("family:linux-5.10@PROPOSED", 2)))
                .contains("family:linux-5.10@PROPOSED");
        assertThat(RolloutIds.familyKeyOf("instance:x#1")).isEmpty();
        assertThat(RolloutIds.familyKeyOf(null)).isEmpty();
    }
}
