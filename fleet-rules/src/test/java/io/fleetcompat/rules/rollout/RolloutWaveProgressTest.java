package io.fleetcompat.rules.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.rules.detect.FamilySignal;
import io.fleetcompat.schema.HostCohorts;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.schema.avro.WaveStatus;
import io.fleetcompat.schema.avro.XenProfile;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A rollout of resumes of 2-level images advances on what it speaks for: resumes of 2-level images on hosts in the
 * wave's cohort, whichever protected them (the guest's own image-bound directive wins at the agent, and the edge
 * fail-safe acts before any directive arrives), never on fresh boots or FIFO images.
 */
class RolloutWaveProgressTest {

    private static final String FAMILY_KEY = "family:linux-5.10@PROPOSED";
    private final RolloutStateMachine machine = new RolloutStateMachine(new RolloutSettings(PolicyMode.ENFORCE, false,
            List.of(0.5, 1.0), 2, 0.0, 2, 0.05, RolloutSettings.GateFailureAction.PAUSE, 1, Duration.ofHours(1),
            Duration.ofMinutes(10), 10, DirectiveScope.RESUMES_OF_2L_IMAGES, Duration.ZERO,
            RolloutSettings.InsufficientData.PASS));

    private static final String INSIDE = host(true);
    private static final String OUTSIDE = host(false);

    private static String host(boolean inHalfCohort) {
        return IntStream.range(0, 1000).mapToObj(i -> "modern-" + i)
                .filter(h -> HostCohorts.inCohort(h, 0.5) == inHalfCohort).findFirst().orElseThrow();
    }

    private static FamilyState running() {
        Rollout r = new Rollout(RolloutIds.of(FAMILY_KEY, 1), FAMILY_KEY, "linux-5.10", XenProfile.PROPOSED,
                PolicyMode.ENFORCE, RolloutPhase.RUNNING, 0,
                List.of(WaveProgress.pending(0, 0.5).started(1, 0, 0), WaveProgress.pending(1, 1.0)), 1,
                ControlSetting.DENY, ControlSetting.UNSET, 0, 0, List.of(), null, List.of(), 0, 0,
                RolloutSpec.denyFifo(DirectiveScope.RESUMES_OF_2L_IMAGES), ControlSetting.UNSET, ControlSetting.UNSET,
                null);
        return FamilyState.empty(FAMILY_KEY).opened(r);
    }

    private static FamilySignal create(String host, String policyKey, boolean twoLevelImage) {
        return new FamilySignal(FamilySignal.Kind.CREATE, FAMILY_KEY, "e-" + host + policyKey + twoLevelImage, 10,
                host, policyKey, policyKey == null ? null : 1L, null, twoLevelImage);
    }

    @Test
    void shouldCountInCohortResumesOf2LevelImagesWhateverProtectedThem() {
        FamilyState state = running();

        // A resume decided by the guest's own directive, and one the edge fail-safe protected (no policy key)
        state = machine.onSignal(state, create(INSIDE, "instance:g1", true), 10).state();
        state = machine.onSignal(state, create(INSIDE, null, true), 11).state();

        assertThat(state.rollout().waves().get(0).status()).isEqualTo(WaveStatus.PASSED);
        assertThat(state.rollout().currentWave()).isEqualTo(1);
    }

    @Test
    void shouldNotCountFreshBootsFifoImagesOrHostsOutsideTheCohort() {
        FamilyState state = running();

        state = machine.onSignal(state, create(INSIDE, null, false), 10).state();
        state = machine.onSignal(state, create(INSIDE, FAMILY_KEY, false), 11).state();
        state = machine.onSignal(state, create(OUTSIDE, null, true), 12).state();

        assertThat(state.rollout().waves().get(0).createsObserved()).isZero();
        assertThat(state.rollout().waves().get(0).status()).isEqualTo(WaveStatus.ACTIVE);
    }

    @Test
    void shouldFeedTheResumeGateWithResumesOf2LevelImagesOnly() {
        FamilyState state = running();

        state = machine.onSignal(state, new FamilySignal(FamilySignal.Kind.RESUME_FAILED, FAMILY_KEY, "r1", 10,
                OUTSIDE, null, null, null, true), 10).state();
        state = machine.onSignal(state, new FamilySignal(FamilySignal.Kind.RESUME_OK, FAMILY_KEY, "r2", 11,
                OUTSIDE, null, null, null, false), 11).state();
        state = machine.onSignal(state, new FamilySignal(FamilySignal.Kind.RESUME_OK, FAMILY_KEY, "r3", 12,
                INSIDE, null, null, null, true), 12).state();

        assertThat(state.rollout().resumesOutside()).isEqualTo(1);
        assertThat(state.rollout().resumeFailuresOutside()).isEqualTo(1);
        assertThat(state.rollout().waves().get(0).resumesUnder()).isEqualTo(1);
    }
}
