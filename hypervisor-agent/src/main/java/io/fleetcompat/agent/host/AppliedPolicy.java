package io.fleetcompat.agent.host;

import io.fleetcompat.schema.avro.PolicyMode;

/**
 * The directive that applies to one create, as the agent's policy table hands it to the toolstack: its key
 * (instance:&lt;id&gt; or family:&lt;family&gt;@&lt;PROFILE&gt;), version, mode and controls.
 */
public record AppliedPolicy(String policyKey, long version, PolicyMode mode, Controls controls) {

    public AppliedPolicy {
        if (policyKey == null || policyKey.isBlank()) {
            throw new IllegalArgumentException("policy key is required");
        }
        if (mode == null || controls == null) {
            throw new IllegalArgumentException("mode and controls are required");
        }
    }

    public PolicyRef ref() {
        return new PolicyRef(policyKey, version);
    }
}
