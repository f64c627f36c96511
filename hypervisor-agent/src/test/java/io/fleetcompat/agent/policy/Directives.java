package io.fleetcompat.agent.policy;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import java.time.Instant;

/** Test fixtures: fleet-stream's directives as agents receive them. */
public final class Directives {

    private Directives() {
    }

    /** An ENFORCE evtchn_fifo denial for one guest, as fleet-stream issues for a 2-level image (no lift). */
    public static PolicyDirective instanceDenial(String instanceId, long version) {
        return PolicyDirective.newBuilder()
                .setDirectiveId("d-" + instanceId + "-" + version)
                .setTarget(new PolicyTarget(PolicyTargetKind.INSTANCE, instanceId, null))
                .setControls(new EvtchnControls(ControlSetting.DENY, ControlSetting.UNSET))
                .setReason(new PolicyReason(PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST, "2-level image"))
                .setVersion(version)
                .setMode(PolicyMode.ENFORCE)
                .setCohortFraction(1.0)
                .setIssuedAt(Instant.parse("2026-11-01T00:00:00Z"))
                .build();
    }
}
