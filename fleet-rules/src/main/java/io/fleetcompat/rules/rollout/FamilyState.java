package io.fleetcompat.rules.rollout;

/**
 * Everything fleet-stream keeps per kernel family x Xen profile (one key of {@code family-state-store}):
 * windowed evidence, the current (or last) rollout, the directive version counter of the family target, and the
 * family's pending 2-level hibernation images of FIFO-aware guests (the evidence a completed rollout's lift waits
 * on: HAZARD signals add one, HAZARD_CLEARED signals take one away).
 */
public record FamilyState(String familyKey, FamilyEvidence evidence, Rollout rollout, long lastVersion,
                          int rolloutsOpened, int pendingImages) {

    public static FamilyState empty(String familyKey) {
        return new FamilyState(familyKey, FamilyEvidence.EMPTY, null, 0, 0, 0);
    }

    public FamilyState withEvidence(FamilyEvidence value) {
        return new FamilyState(familyKey, value, rollout, lastVersion, rolloutsOpened, pendingImages);
    }

    public FamilyState withRollout(Rollout value) {
        return new FamilyState(familyKey, evidence, value, Math.max(lastVersion, value.policyVersion()),
                rolloutsOpened, pendingImages);
    }

    public FamilyState opened(Rollout value) {
        return new FamilyState(familyKey, evidence, value, lastVersion, rolloutsOpened + 1, pendingImages);
    }

    /** After a signal: never below zero (a clearing may reach a profile that joined after its image was counted). */
    public FamilyState withPendingImages(int value) {
        return new FamilyState(familyKey, evidence, rollout, lastVersion, rolloutsOpened, Math.max(0, value));
    }
}
