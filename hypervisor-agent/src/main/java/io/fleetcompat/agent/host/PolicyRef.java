package io.fleetcompat.agent.host;

/** Which directive decided something: its fleet.policy key and its per-target version. */
public record PolicyRef(String policyKey, long version) {
}
