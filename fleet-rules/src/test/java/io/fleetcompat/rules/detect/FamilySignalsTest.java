package io.fleetcompat.rules.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.FamilySelector;
import io.fleetcompat.schema.avro.PolicyAck;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.XenProfile;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which acks of a family directive count in its rollout's gates. */
class FamilySignalsTest {

    private final SimHost host = new SimHost("host-modern", XenProfile.PROPOSED, true,
            new SimHost.Clock(Instant.parse("2026-11-01T00:00:00Z").toEpochMilli()));
    private final PolicyDirective wave = PolicyDirective.newBuilder().setDirectiveId("d-1")
            .setTarget(new PolicyTarget(PolicyTargetKind.FAMILY, null,
                    new FamilySelector(Events.FAMILY, XenProfile.PROPOSED)))
            .setControls(new EvtchnControls(ControlSetting.DENY, ControlSetting.UNSET))
            .setReason(new PolicyReason(PolicyReasonCode.FAMILY_ROLLOUT, "wave 0")).setVersion(3)
            .setMode(PolicyMode.ENFORCE).setIssuedAt(Instant.parse("2026-11-01T00:00:00Z")).build();

    @ParameterizedTest
    @EnumSource(value = AckRejectReason.class, names = {"UNSIGNED", "UNKNOWN_SIGNING_KEY", "BAD_SIGNATURE"})
    void shouldNotCountARefusalOfARecordWhoseSignatureDidNotVerify(AckRejectReason reason) {
        // the refused record claims the wave's key and version, but anyone could have written it
        assertThat(FamilySignals.ofAck(rejected(reason))).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = AckRejectReason.class, names = {"UNSUPPORTED_BY_PROFILE", "INVALID_DIRECTIVE"})
    void shouldCountAnyOtherRejectionAsARejectedAck(AckRejectReason reason) {
        FamilySignal signal = FamilySignals.ofAck(rejected(reason));

        assertThat(signal.kind()).isEqualTo(FamilySignal.Kind.ACK);
        assertThat(signal.ackOutcome()).isEqualTo(AckOutcome.REJECTED);
        assertThat(signal.policyVersion()).isEqualTo(3L);
    }

    private PolicyAck rejected(AckRejectReason reason) {
        PolicyAck ack = Events.ack(host.next(), wave, AckOutcome.REJECTED, null, 0);
        ack.setRejectReason(reason);
        return ack;
    }
}
