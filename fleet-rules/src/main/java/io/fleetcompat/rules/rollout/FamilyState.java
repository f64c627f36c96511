package io.fleetcompat.rules.rollout;

/**
 * Everything fleet-stream keeps per kernel family x Xen profile (one key of {@code family-state-store}):
 * windowed evidence, the current (or last) rollout, and the directive version counter of the family target.
 */
public record FamilyState(String familyKey, FamilyEvidence evidence, Rollout rollout, long lastVersion,
                          int rolloutsOpened) {

    public static FamilyState empty(String familyKey) {
        return new FamilyState(familyKey, FamilyEvidence.EMPTY, null, 0, 0);
    }

    public FamilyState withEvidence(FamilyEvidence value) {
        return new FamilyState(familyKey, value, rollout, lastVersion, rolloutsOpened);
    }

    public FamilyState withRollout(Rollout value) {
        return new FamilyState(familyKey, evidence, value, Math.max(lastVersion, value.policyVersion()),
                rolloutsOpened);
    }

    public FamilyState opened(Rollout value) {
        return new FamilyState(familyKey, evidence, value, lastVersion, rolloutsOpened + 1);
    }
}
