package io.fleetcompat.agent.host;

import java.util.Optional;

/**
 * The agent's policy table as the toolstack sees it: the directive that speaks for one create, already resolved
 * ({@link AppliedPolicy#resolve}: the guest's own before its family's, each only for the creates its scope
 * covers; cohort and wave checks done, the highest version kept). OBSERVE directives are never sent to agents; a
 * table should not return them.
 */
@FunctionalInterface
public interface PolicyLookup {

    PolicyLookup NONE = create -> Optional.empty();

    Optional<AppliedPolicy> find(CreateContext create);
}
