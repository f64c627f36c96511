package io.fleetcompat.agent.host;

import io.fleetcompat.agent.xen.XenProfile;

import java.util.Optional;

/**
 * The agent's policy table as the toolstack sees it: the directive that applies to a create of this guest on
 * this host, already resolved (instance directives before family ones, cohort and wave checks done, the highest
 * version kept). OBSERVE directives are never sent to agents; a table should not return them.
 */
@FunctionalInterface
public interface PolicyLookup {

    PolicyLookup NONE = (instanceId, kernelFamily, hostId, profile) -> Optional.empty();

    Optional<AppliedPolicy> find(String instanceId, String kernelFamily, String hostId, XenProfile profile);
}
