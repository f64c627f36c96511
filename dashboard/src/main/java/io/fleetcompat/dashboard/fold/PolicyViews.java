package io.fleetcompat.dashboard.fold;

import io.fleetcompat.dashboard.view.PolicyView;
import io.fleetcompat.schema.avro.FamilySelector;
import io.fleetcompat.schema.avro.LiftCondition;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import java.util.List;

/** Shapes a directive for the page. */
final class PolicyViews {

    private PolicyViews() {
    }

    static PolicyView of(String key, PolicyDirective d) {
        FamilySelector selector = d.getTarget().getSelector();
        LiftCondition lift = d.getLiftCondition();
        return new PolicyView(key, d.getTarget().getKind().name(), d.getTarget().getInstanceId(),
                selector == null ? null : selector.getKernelFamily(),
                selector == null ? null : selector.getXenProfile().name(),
                d.getVersion(), d.getMode().name(), d.getReason().getCode().name(), d.getReason().getText(),
                d.getControls().getEvtchnFifo().name(), d.getControls().getEvtchnUpcall().name(), d.getRolloutId(),
                d.getWave(), d.getCohortFraction(), d.getIssuedAt().toEpochMilli(),
                List.copyOf(d.getEvidenceEventIds()),
                lift == null ? null : lift.getKind() + ": " + lift.getDescription(), pinned(d), d.getScope().name(),
                d.getImageId(), lift == null || lift.getNotBefore() == null ? null : lift.getNotBefore().toEpochMilli());
    }

    /** What the directive says of itself: fleet-stream issues an operator's pin with reason OPERATOR_PIN. */
    private static boolean pinned(PolicyDirective d) {
        return d.getReason().getCode() == PolicyReasonCode.OPERATOR_PIN;
    }
}
