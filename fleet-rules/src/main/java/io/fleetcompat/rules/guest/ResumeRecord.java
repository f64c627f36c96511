package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.ResumeFailureSymptom;

/**
 * One resume from a hibernation image and how it ended. {@code symptom} is null for a healthy resume.
 * {@code policyKey}/{@code policyVersion} name the directive the resumed domain was created under.
 */
public record ResumeRecord(String hostId, String imageId, EvtchnAbi imageAbi, EvtchnAbi xenAbi, boolean healthy,
                           ResumeFailureSymptom symptom, String policyKey, Long policyVersion, long at,
                           String eventId) {

    /** The failure of xen-evtchn-model.md 8: Xen holds FIFO while the resumed kernel assumes 2-level. */
    public boolean hasSection8Signature() {
        return !healthy && imageAbi == EvtchnAbi.TWO_LEVEL && xenAbi == EvtchnAbi.FIFO
                && (symptom == null || symptom == ResumeFailureSymptom.EVENTS_RAISED_NOT_HANDLED);
    }
}
