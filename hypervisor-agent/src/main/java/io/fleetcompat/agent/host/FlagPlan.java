package io.fleetcompat.agent.host;

import java.util.Optional;

/**
 * The toolstack's decision for one create: the flags it would ask for before policy ({@code requestedFlags},
 * as DomainCreated reports them), the flags it passes to Xen, the controls the domain gets, what happened to the
 * directive, and a refusal when the create must not happen at all.
 */
public record FlagPlan(int requestedFlags, int createFlags, Controls controls, Optional<PolicyVerdict> verdict,
                       Optional<Refusal> refusal) {

    FlagPlan withoutVerdict() {
        return new FlagPlan(requestedFlags, createFlags, controls, Optional.empty(), refusal);
    }

    /** The directive that decided the controls, when one was applied. */
    public Optional<PolicyRef> decidingPolicy() {
        return verdict.filter(PolicyVerdict::isApplied).map(v -> v.policy().ref());
    }
}
