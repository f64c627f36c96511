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
 * @param protectedGuests FIFO-aware guests outside the control group that hibernated with a 2-level image
 * @param controlGroupGuests guests seen whose policy their agent withholds (stable hash of the guest id)
 * @param resumeFailuresProtected failed resumes of 2-level images outside the control group: the policy's misses
 * @param resumeFailuresControlGroup failed resumes in the control group: what the policy prevents elsewhere
 * @param resumeFailuresOther any other failed resume outside the control group (e.g. a FIFO image resumed in a
 *     domain denied FIFO: harm done by a policy, not the hazard it prevents)
 * @param policiesWithheld ADVISED acks of control-group instance directives: issued, acknowledged, not applied
 * @param policiesApplied directives (target and version) with at least one APPLIED acknowledgement
 * @param instanceAcksRejected REJECTED acknowledgements of instance directives (e.g. a control the host's profile
 *     lacks: the domain got the toolstack's defaults)
 * @param familyAcksRejected REJECTED acknowledgements of family directives, which the rollout's rejected-acks gate
 *     counts (e.g. CONFLICTS_WITH_IMAGE: a family denial met a FIFO hibernation image without its permit)
 * @param instancePoliciesUnacknowledged enforceable instance directives that set a control and whose create (for a
 *     directive bound to an image: the resume of that image; otherwise any create of the guest, done or refused)
 *     came more than {@link ReportTally#DELIVERY_ALLOWANCE} after the directive's issue time, with no acknowledgement
 *     of that or a later version: agents acknowledge a directive when they create a domain under it, so these are
 *     creates that went ahead without it
 * @param instancePoliciesPending enforceable instance directives not acknowledged because their guest was not
 *     created since (e.g. still hibernated when the demo ended): nothing was due yet
 * @param instancePoliciesAfterResume directives bound to an image that resumed before they could reach an agent
 *     (within the delivery allowance of their issue, or before it): the round trip through Kafka lost the race, and
 *     the resume was protected at the edge or not at all
 * @param detectionToApplicationP50Ms directive issued_at to its first APPLIED ack's event time; null without samples
 * @param resumesProtectedByDirective resumes from hibernation whose domain a directive (the guest's own, bound to
 *     that image, or its family's) created with evtchn_fifo denied
 * @param resumesProtectedAtEdge resumes from hibernation whose domain the agent's edge fail-safe created with
 *     evtchn_fifo denied, because no directive spoke for that resume (DomainCreated.edge_failsafe DENIED_FIFO)
 * @param denialsLifted directive versions with reason LIFTED that followed a version of the same key denying
 *     evtchn_fifo (instance and family)
 * @param guestsBackOnFifo guests whose denial was lifted and that booted FIFO again afterwards
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
        long protectedGuests,
        long controlGroupGuests,
        long resumeFailuresProtected,
        long resumeFailuresControlGroup,
        long resumeFailuresOther,
        long policiesWithheld,
        long policiesIssued,
        long instancePolicies,
        long familyPolicies,
        long policiesApplied,
        long policyAcks,
        long instanceAcksRejected,
        long familyAcksRejected,
        boolean allInstancePoliciesAcknowledged,
        long instancePoliciesUnacknowledged,
        long instancePoliciesPending,
        long instancePoliciesAfterResume,
        Long detectionToApplicationP50Ms,
        Long detectionToApplicationP99Ms,
        long latencySamples,
        long rollouts,
        long rolloutWavesCompleted,
        long auditRecords,
        long resumesProtectedByDirective,
        long resumesProtectedAtEdge,
        long denialsLifted,
        long guestsBackOnFifo,
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
