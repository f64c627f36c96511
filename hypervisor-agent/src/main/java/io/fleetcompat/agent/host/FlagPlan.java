package io.fleetcompat.agent.host;

import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;

import java.util.Optional;

/**
 * The toolstack's decision for one create: the flags it would ask for before policy ({@code requestedFlags},
 * as DomainCreated reports them), the flags it passes to Xen, the controls the domain gets, what happened to the
 * directive, a refusal when the create must not happen at all, and what the edge fail-safe did.
 */
public record FlagPlan(int requestedFlags, int createFlags, Controls controls, Optional<PolicyVerdict> verdict,
                       Optional<Refusal> refusal, EdgeFailsafeOutcome edgeFailsafe) {

    FlagPlan withoutVerdict() {
        return new FlagPlan(requestedFlags, createFlags, controls, Optional.empty(), refusal, edgeFailsafe);
    }

    /** The directive that decided the controls, when one was applied. */
    public Optional<PolicyRef> decidingPolicy() {
        return verdict.filter(PolicyVerdict::isApplied).map(v -> v.policy().ref());
    }
}
