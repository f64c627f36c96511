package io.fleetcompat.launcher.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a demo run did, read back from the topics (see {@link ReportTally} for how each number is counted).
 * Written as JSON by {@code --report FILE}; the field names are that file's format.
 *
 * @param hazardsPredicted instance directives denying FIFO for the predictive reason
 *     (HIBERNATED_2L_IMAGE_ON_FIFO_HOST), one per guest and version
 * @param resumeFailuresWithPolicy failed resumes of guests whose latest domain was created under a FIFO deny
 * @param resumeFailuresWithoutPolicy every other failed resume: the control group and unprotected guests
 * @param policiesApplied directives (target and version) with at least one APPLIED acknowledgement
 * @param instancePoliciesUnacknowledged enforceable instance directives with no acknowledgement of that or a later version
 * @param detectionToApplicationP50Ms directive issued_at to its first APPLIED ack's event time; null without samples
 */
public record DemoReport(
        long hosts,
        long guests,
        long events,
        long hazardsPredicted,
        long resumesSucceeded,
        long resumesUnhealthy,
        long resumeFailuresWithPolicy,
        long resumeFailuresWithoutPolicy,
        long policiesIssued,
        long instancePolicies,
        long familyPolicies,
        long policiesApplied,
        long policyAcks,
        boolean allInstancePoliciesAcknowledged,
        long instancePoliciesUnacknowledged,
        Long detectionToApplicationP50Ms,
        Long detectionToApplicationP99Ms,
        long latencySamples,
        long rollouts,
        long rolloutWavesCompleted,
        long auditRecords,
        long deadLetters,
        Map<String, Long> deadLettersByKind,
        Map<String, Long> undecodableByTopic) {

    public DemoReport {
        deadLettersByKind = new TreeMap<>(deadLettersByKind);
        undecodableByTopic = new TreeMap<>(undecodableByTopic);
    }

    /** Records on the topics that could not be decoded (counted, never fatal). */
    public long undecodable() {
        return undecodableByTopic.values().stream().mapToLong(Long::longValue).sum();
    }
}
