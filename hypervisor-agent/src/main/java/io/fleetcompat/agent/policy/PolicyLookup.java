package io.fleetcompat.agent.policy;

import io.fleetcompat.schema.avro.XenProfile;
import java.util.Optional;

/** What the toolstack asks before it creates, restores or resumes a domain. Thread-safe. */
public interface PolicyLookup {

    /**
     * The directives that may speak for a create of this guest on this host: the guest's own (instance) directive,
     * and its kernel family's directive for this Xen profile if the host is in that directive's cohort
     * ({@code HostCohorts.inCohort(hostId, cohort_fraction)}). Every mode is returned. Which of them speaks for a
     * given create depends on their scopes and is decided by the toolstack
     * ({@code io.fleetcompat.agent.host.AppliedPolicy#resolve}).
     *
     * @param kernelFamily null when the guest's kernel family is not known
     */
    Candidates candidatesFor(String instanceId, String kernelFamily, String hostId, XenProfile xenProfile);

    /** The guest's own directive if the table holds one, else its family's in cohort, whatever their scopes. */
    default Optional<MatchedDirective> directiveFor(String instanceId, String kernelFamily, String hostId,
                                                    XenProfile xenProfile) {
        Candidates c = candidatesFor(instanceId, kernelFamily, hostId, xenProfile);
        return c.instance().or(c::family);
    }

    /** The guest's own directive and its family's (in cohort), each when the table holds one. */
    record Candidates(Optional<MatchedDirective> instance, Optional<MatchedDirective> family) {
    }
}
