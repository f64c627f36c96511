package io.fleetcompat.agent.policy;

import io.fleetcompat.schema.avro.XenProfile;
import java.util.Optional;

/** What the toolstack asks before it creates, restores or resumes a domain. Thread-safe. */
public interface PolicyLookup {

    /**
     * The directive for a guest about to be created on a host: the guest's own (instance) directive if any,
     * else its kernel family's directive for this Xen profile, if the host is in that directive's cohort
     * ({@code HostCohorts.inCohort(hostId, cohort_fraction)}). Every mode is returned; the caller acts on
     * {@link MatchedDirective#mode()}.
     *
     * @param kernelFamily null when the guest's kernel family is not known
     */
    Optional<MatchedDirective> directiveFor(String instanceId, String kernelFamily, String hostId, XenProfile xenProfile);
}
