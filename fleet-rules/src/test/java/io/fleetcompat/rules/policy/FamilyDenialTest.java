package io.fleetcompat.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.XenProfile;
import org.junit.jupiter.api.Test;

/** Which family directives count as a denial a FIFO image needs a permit against, and since when. */
class FamilyDenialTest {

    private static final String KEY = "family:linux-5.10@PROPOSED";

    private static FamilyDirectiveView directive(long version, ControlSetting fifo, PolicyMode mode, long issuedAt) {
        return new FamilyDirectiveView(KEY, "linux-5.10", XenProfile.PROPOSED, fifo, mode, version, 0.5, issuedAt,
                DirectiveScope.ALL_CREATES);
    }

    @Test
    void shouldKeepTheStartOfADenialAcrossItsLaterWaves() {
        // Given wave 0 denying FIFO, then wave 1 (a new version, still denying)
        FamilyDenial wave0 = FamilyDenial.after(null, directive(1, ControlSetting.DENY, PolicyMode.ENFORCE, 1_000));
        FamilyDenial wave1 = FamilyDenial.after(wave0, directive(2, ControlSetting.DENY, PolicyMode.ENFORCE, 9_000));

        // Then the denial began with wave 0
        assertThat(wave1.denying()).isTrue();
        assertThat(wave1.since()).isEqualTo(1_000L);
        assertThat(wave1.version()).isEqualTo(2L);
    }

    @Test
    void shouldEndTheDenialWithARollbackAndStartAfreshAfterIt() {
        FamilyDenial denied = FamilyDenial.after(null, directive(1, ControlSetting.DENY, PolicyMode.ENFORCE, 1_000));

        // When a rollback unsets evtchn_fifo, and a later rollout denies again
        FamilyDenial rolledBack = FamilyDenial.after(denied, directive(2, ControlSetting.UNSET, PolicyMode.ENFORCE, 2_000));
        FamilyDenial again = FamilyDenial.after(rolledBack, directive(3, ControlSetting.DENY, PolicyMode.ENFORCE, 5_000));

        // Then the rollback denies nothing, and the new denial starts at its own issue time
        assertThat(rolledBack.denying()).isFalse();
        assertThat(again.since()).isEqualTo(5_000L);
    }

    @Test
    void shouldNotCountAFamilyPermitOrAnObservedDenialAsADenial() {
        // A family PERMIT grants FIFO: a FIFO image needs nothing more
        assertThat(directive(1, ControlSetting.PERMIT, PolicyMode.ENFORCE, 1_000).deniesFifo()).isFalse();
        assertThat(FamilyDenial.after(null, directive(1, ControlSetting.PERMIT, PolicyMode.ENFORCE, 1_000)).denying())
                .isFalse();
        // A dry run never reaches the agents
        assertThat(directive(1, ControlSetting.DENY, PolicyMode.OBSERVE, 1_000).deniesFifo()).isFalse();
        // An advised denial rehearses the enforced one, permits included
        assertThat(directive(1, ControlSetting.DENY, PolicyMode.ADVISE, 1_000).deniesFifo()).isTrue();
        // A denial at resumes of 2-level images never meets a FIFO image's resume: no permits needed
        assertThat(new FamilyDirectiveView(KEY, "linux-5.10", XenProfile.PROPOSED, ControlSetting.DENY,
                PolicyMode.ENFORCE, 1, 1.0, 1_000, DirectiveScope.RESUMES_OF_2L_IMAGES).deniesFifo()).isFalse();
    }
}
