package io.fleetcompat.agent.host;

import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.PolicyMode;

import java.util.Optional;

/**
 * The directive that applies to one create, as the agent's policy table hands it to the toolstack: its key
 * (instance:&lt;id&gt; or family:&lt;family&gt;@&lt;PROFILE&gt;), version, mode, controls, and which creates it
 * speaks for (its scope, and for RESUME_OF_IMAGE the image it protects).
 */
public record AppliedPolicy(String policyKey, long version, PolicyMode mode, Controls controls, DirectiveScope scope,
                            String imageId) {

    public AppliedPolicy {
        if (policyKey == null || policyKey.isBlank()) {
            throw new IllegalArgumentException("policy key is required");
        }
        if (mode == null || controls == null || scope == null) {
            throw new IllegalArgumentException("mode, controls and scope are required");
        }
    }

    /** A directive for every create of its target, as every directive was before scopes. */
    public AppliedPolicy(String policyKey, long version, PolicyMode mode, Controls controls) {
        this(policyKey, version, mode, controls, DirectiveScope.ALL_CREATES, null);
    }

    public PolicyRef ref() {
        return new PolicyRef(policyKey, version);
    }

    public AppliedPolicy withMode(PolicyMode value) {
        return new AppliedPolicy(policyKey, version, value, controls, scope, imageId);
    }

    /**
     * Whether this directive speaks for the create. One that sets no control (a lift: both UNSET) speaks for none:
     * the guest's lifted directive must not hide its family's. A scope this agent does not know (or an image-bound
     * directive without its image) speaks, so that it is acknowledged REJECTED INVALID_DIRECTIVE instead of ignored.
     */
    public boolean speaksFor(CreateContext create) {
        if (controls.equals(Controls.UNSET)) {
            return false;
        }
        return switch (scope) {
            case ALL_CREATES -> true;
            case RESUME_OF_IMAGE -> imageId == null || create.resumeOf(imageId);
            case RESUMES_OF_2L_IMAGES -> create.resumeOfTwoLevelImage();
            default -> true;
        };
    }

    /** Why the directive cannot be applied as written; null when it can. */
    public String malformation() {
        if (scope == DirectiveScope.RESUME_OF_IMAGE && (imageId == null || imageId.isBlank())) {
            return "scope RESUME_OF_IMAGE without an image id";
        }
        if (scope != DirectiveScope.ALL_CREATES && scope != DirectiveScope.RESUME_OF_IMAGE
                && scope != DirectiveScope.RESUMES_OF_2L_IMAGES) {
            return "scope " + scope + " is unknown to this agent";
        }
        return null;
    }

    /**
     * The directive that applies to a create: the guest's own when it speaks for it, else the family's (already
     * filtered by cohort) when that one speaks. Both tables (Kafka-fed and in-memory) resolve with this rule.
     */
    public static Optional<AppliedPolicy> resolve(Optional<AppliedPolicy> instance,
                                                            Optional<AppliedPolicy> family,
                                                            CreateContext create) {
        Optional<AppliedPolicy> own = instance.filter(p -> p.speaksFor(create));
        return own.isPresent() ? own : family.filter(p -> p.speaksFor(create));
    }
}
