package io.fleetcompat.rules.detect;

import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.rules.policy.PolicyRecords;
import io.fleetcompat.rules.guest.GuestState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The audit trail of the detectors: HAZARD_DETECTED for predictive, reactive and interlock findings and
 * for a FIFO image under a family denial, COST_OBSERVED for a denied domain at its 2-level port limit. Detectors
 * fire on the transition into a condition, so the same facts are audited once; the id is a name-based UUID of the guest, the kind and
 * the evidence event ids, and the time is the event time, so a replay writes byte-equal records.
 * A lift is not a finding worth its own record: its POLICY_LIFTED decision carries the evidence.
 */
public final class FindingAudits {

    static final String ACTOR = "fleet-stream/detectors";

    private FindingAudits() {
    }

    /** Subject and key on fleet.audit: the guest id. */
    public static List<AuditRecord> of(GuestState guest, List<Finding> findings, long at) {
        List<AuditRecord> out = new ArrayList<>();
        for (Finding finding : findings) {
            describe(finding).ifPresent(d -> out.add(record(guest, finding, d, at)));
        }
        return out;
    }

    private record Description(AuditAction action, String kind, String decision, String reason) {
    }

    private static Optional<Description> describe(Finding finding) {
        if (finding instanceof Finding.PredictiveHazard) {
            return Optional.of(new Description(AuditAction.HAZARD_DETECTED, "predictive",
                    "hazard (predictive): resume would hang on a FIFO-capable host",
                    "2-level hibernation image, FIFO-aware kernel, FIFO-capable hosts in the fleet "
                            + "(xen-evtchn-model.md 8)"));
        }
        if (finding instanceof Finding.ResumeFailureSignature) {
            return Optional.of(new Description(AuditAction.HAZARD_DETECTED, "reactive",
                    "hazard (reactive): resume failed with the 8 signature",
                    "resume with Xen FIFO from a 2-level image hung or failed (xen-evtchn-model.md 8)"));
        }
        if (finding instanceof Finding.InterlockNeeded i) {
            return Optional.of(new Description(AuditAction.HAZARD_DETECTED, "interlock",
                    "hazard (interlock): FIFO state meets a FIFO denial", i.why() + " (xen-evtchn-model.md 7.4)"));
        }
        if (finding instanceof Finding.FifoImageUnderFamilyDenial d) {
            return Optional.of(new Description(AuditAction.HAZARD_DETECTED, "family-denial",
                    "hazard (family denial): FIFO hibernation image meets " + String.join(", ", d.familyKeys()),
                    "a resume kernel that assumes FIFO in a domain denied FIFO never sees an event "
                            + "(xen-evtchn-model.md 7.4, 8 mirrored)"));
        }
        if (finding instanceof Finding.PortLimitCost c) {
            return Optional.of(new Description(AuditAction.COST_OBSERVED, "port-limit-hit",
                    "cost: -ENOSPC under a FIFO denial: domain " + c.domid() + " on " + c.hostId()
                            + " ran out of 2-level ports",
                    "a denied guest hit the 2-level port limit, which weighs against denial"));
        }
        return Optional.empty();
    }

    private static AuditRecord record(GuestState guest, Finding finding, Description d, long at) {
        String subject = guest.instanceId();
        Long version = guest.policy() == null ? null : guest.policy().version();
        AuditRecord audit = PolicyRecords.audit(d.action(), subject, d.decision(), d.reason(), ACTOR, at,
                finding.evidence(), version, null, null);
        audit.setAuditId(PolicyRecords.stableId(subject, d.action().name(), d.kind(),
                String.join(",", finding.evidence())));
        return audit;
    }
}
