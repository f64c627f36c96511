package io.fleetcompat.rules.policy;

import java.util.List;

/**
 * Read-only: the family directives a guest's task holds (fleet-stream keeps a copy in every guest task, so a guest's
 * decision reads only its own task's stores). Asked only when a rule needs it: at a hibernation, an unpin, a denial.
 */
@FunctionalInterface
public interface FamilyDenialsView {

    /** None held. */
    FamilyDenialsView NONE = kernelFamily -> List.of();

    /** The family keys (one per Xen profile) denying evtchn_fifo to a kernel family now, in key order. */
    List<FamilyDenial> denying(String kernelFamily);
}
