package io.fleetcompat.rules.detect;

import io.fleetcompat.schema.avro.AckOutcome;

/**
 * One fact about a kernel family x Xen profile, sent (repartitioned by {@code familyKey}) to the family
 * processor: evidence for escalation and statistics, and the creates/outcomes/acks a rollout's waves and
 * gates count. {@code policyKey}/{@code policyVersion} name the directive the domain ran under, if any;
 * {@code twoLevelImage} says that a CREATE is the resume of a 2-level hibernation image, or that a RESUME_OK /
 * RESUME_FAILED is the outcome of one: what a rollout of scope RESUMES_OF_2L_IMAGES speaks for and counts.
 */
public record FamilySignal(Kind kind, String familyKey, String eventId, long at, String hostId, String policyKey,
                           Long policyVersion, AckOutcome ackOutcome, boolean twoLevelImage) {

    public enum Kind {
        /** A domain was created (any kind) for a guest of this family on a host of this profile. */
        CREATE,
        /** Predictive hazard, towards this FIFO-capable profile: a 2-level image of a FIFO-aware guest is pending. */
        HAZARD,
        /** That image was consumed (resumed) or discarded (fresh boot): one pending 2-level image fewer. */
        HAZARD_CLEARED,
        /** A resume failed with the xen-evtchn-model.md 8 signature on a host of this profile. */
        SIGNATURE_FAILURE,
        RESUME_OK,
        RESUME_FAILED,
        /** -ENOSPC on a binding op in a FIFO-denied domain. */
        PORT_LIMIT,
        /** An agent acknowledged a family directive. */
        ACK,
        /**
         * An agent kept FIFO for a FIFO hibernation image that the family denial reached before the image's own
         * permit did (REJECTED, CONFLICTS_WITH_IMAGE). The guest is healthy and the permit rule covers it: an ack,
         * not a rejection of the policy, in the rollout's gate.
         */
        IMAGE_CONFLICT
    }

    public boolean underPolicy(String key, long version) {
        return key.equals(policyKey) && policyVersion != null && policyVersion == version;
    }
}
