package io.fleetcompat.rules.policy;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.LiftCondition;
import io.fleetcompat.schema.avro.LiftKind;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.rules.detect.Finding;
import io.fleetcompat.rules.guest.GuestState;
import io.fleetcompat.rules.guest.InstancePolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns a guest's findings into instance-level directives, at once (no rollout). Idempotent: a finding that
 * asks for the evtchn_fifo setting already in force produces nothing, so the same facts never produce a new
 * version. A pinned guest is left alone until UNPIN. Precedence: FIFO image under a family denial, lift,
 * interlock, reactive, predictive, image consumed (any other decision replaces an image's permit anyway).
 */
public final class InstancePolicyDecider {

    public static final String ACTOR = "fleet-stream/policy-decider";

    private final PolicyMode mode;

    public InstancePolicyDecider(PolicyMode mode) {
        this.mode = mode;
    }

    public Optional<InstanceDecision> decide(GuestState state, List<Finding> findings, long at) {
        if (state.pinned()) {
            return Optional.empty();
        }
        Optional<Wanted> wanted = wanted(findings);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        Wanted w = wanted.get();
        ControlSetting current = state.policy() == null ? ControlSetting.UNSET : state.policy().evtchnFifo();
        if (w.setting() == current) {
            return Optional.empty();
        }
        return Optional.of(issue(state, w.setting(), w.reason(), w.text(), w.evidence(), at, mode, w.lift(), null));
    }

    /**
     * An UNPIN of a guest that is not pinned: refused (audited, no new version), as issuing one would set
     * evtchn_fifo UNSET and lift a denial the detectors decided.
     */
    public static AuditRecord unpinRefused(GuestState state, String actor, String why, String commandId, long at) {
        return PolicyRecords.audit(AuditAction.COMMAND_REJECTED, PolicyTargetKeys.INSTANCE_PREFIX + state.instanceId(),
                "UNPIN rejected: instance " + state.instanceId() + " is not pinned", why, actor, at, List.of(),
                state.policy() == null ? null : state.policy().version(), null, commandId);
    }

    /** An operator pin, or the unpin of a pinned guest: always a new version (the operator asked for it). */
    public InstanceDecision operator(GuestState state, boolean pin, ControlSetting fifo, String actor, String why,
                                     String commandId, long at) {
        PolicyReasonCode code = pin ? PolicyReasonCode.OPERATOR_PIN : PolicyReasonCode.OPERATOR_UNPIN;
        String text = (pin ? "pinned by " : "unpinned by ") + actor + ": " + why;
        InstanceDecision d = issue(state, pin ? fifo : ControlSetting.UNSET, code, text, List.of(), at,
                PolicyMode.ENFORCE, pin ? UNTIL_UNPINNED : null, commandId);
        return new InstanceDecision(d.policy(), d.directive(), PolicyRecords.audit(
                pin ? AuditAction.POLICY_ISSUED : AuditAction.POLICY_LIFTED, d.audit().getSubject(),
                d.audit().getDecision(), text, actor, at, List.of(), d.policy().version(), null, commandId));
    }

    /**
     * A directive's lift condition. Each directive gets its own Avro LiftCondition (built in {@link #issue}): Avro
     * records are mutable, and copying one with a builder resolves its enum through Avro's class loader, which is
     * not the application's under Quarkus.
     */
    private record Lift(LiftKind kind, String description) {
        LiftCondition condition() {
            return new LiftCondition(kind, description, null);
        }
    }

    private static final Lift UNTIL_UNPINNED = new Lift(LiftKind.OPERATOR_UNPIN, "until an operator unpins the guest");
    private static final Lift DENY_UNTIL_FIFO_IMAGE = new Lift(LiftKind.IMAGE_CONSUMED,
            "when the guest boots fresh with no image pending and hibernates under FIFO");
    private static final Lift PERMIT_UNTIL_RESUMED = new Lift(LiftKind.IMAGE_CONSUMED,
            "when the guest has resumed from its FIFO hibernation image, or booted fresh");

    /** @param lift the directive's lift condition, null for none (a lift, an interlock permit) */
    private record Wanted(ControlSetting setting, PolicyReasonCode reason, String text, List<String> evidence,
                          Lift lift) {
    }

    private static Optional<Wanted> wanted(List<Finding> findings) {
        for (Class<?> kind : List.of(Finding.FifoImageUnderFamilyDenial.class, Finding.LiftEligible.class,
                Finding.InterlockNeeded.class, Finding.ResumeFailureSignature.class, Finding.PredictiveHazard.class,
                Finding.ImageConsumed.class)) {
            for (Finding f : findings) {
                if (kind.isInstance(f)) {
                    return Optional.of(wantedBy(f));
                }
            }
        }
        return Optional.empty();
    }

    private static Wanted wantedBy(Finding f) {
        if (f instanceof Finding.FifoImageUnderFamilyDenial d) {
            // The instance directive wins over the family one at the agent, so the resume keeps FIFO.
            return new Wanted(ControlSetting.PERMIT, PolicyReasonCode.FIFO_IMAGE_NEEDS_PERMIT,
                    "FIFO hibernation image under the family denial " + String.join(", ", d.familyKeys())
                            + ": its resume kernel assumes FIFO (xen-evtchn-model.md 7.4): permit evtchn_fifo until "
                            + "the image is consumed", f.evidence(), PERMIT_UNTIL_RESUMED);
        }
        if (f instanceof Finding.LiftEligible) {
            return new Wanted(ControlSetting.UNSET, PolicyReasonCode.LIFTED,
                    "booted fresh and hibernated under FIFO: the denial is no longer needed", f.evidence(), null);
        }
        if (f instanceof Finding.InterlockNeeded i) {
            return new Wanted(ControlSetting.PERMIT, PolicyReasonCode.FIFO_IMAGE_NEEDS_PERMIT,
                    i.why() + " (xen-evtchn-model.md 7.4): permit evtchn_fifo", f.evidence(), null);
        }
        if (f instanceof Finding.ResumeFailureSignature) {
            return new Wanted(ControlSetting.DENY, PolicyReasonCode.RESUME_FAILURE_OBSERVED,
                    "resume hung with Xen FIFO and a 2-level image (xen-evtchn-model.md 8): deny evtchn_fifo",
                    f.evidence(), DENY_UNTIL_FIFO_IMAGE);
        }
        if (f instanceof Finding.ImageConsumed) {
            return new Wanted(ControlSetting.UNSET, PolicyReasonCode.LIFTED,
                    "the FIFO hibernation image was resumed (or the guest booted fresh): the permit is no longer "
                            + "needed", f.evidence(), null);
        }
        return new Wanted(ControlSetting.DENY, PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST,
                "2-level hibernation image, FIFO-aware kernel, FIFO-capable hosts in the fleet: deny evtchn_fifo "
                        + "for the resume", f.evidence(), DENY_UNTIL_FIFO_IMAGE);
    }

    private static InstanceDecision issue(GuestState state, ControlSetting fifo, PolicyReasonCode code, String text,
                                          List<String> evidence, long at, PolicyMode mode, Lift lift,
                                          String commandId) {
        boolean pinned = lift == UNTIL_UNPINNED;
        long version = (state.policy() == null ? 0 : state.policy().version()) + 1;
        String key = PolicyTargetKeys.INSTANCE_PREFIX + state.instanceId();
        EvtchnControls controls = PolicyRecords.fifo(fifo);
        PolicyDirective directive = PolicyDirective.newBuilder()
                .setDirectiveId(PolicyRecords.stableId(key, Long.toString(version)))
                .setTarget(PolicyRecords.instanceTarget(state.instanceId()))
                .setControls(controls)
                .setReason(new PolicyReason(code, text))
                .setEvidenceEventIds(evidence)
                .setVersion(version)
                .setCohortFraction(1.0)
                .setMode(mode)
                .setIssuedAt(Instant.ofEpochMilli(at))
                .setLiftCondition(lift == null ? null : lift.condition())
                .build();
        boolean lifting = fifo == ControlSetting.UNSET;
        String decision = (mode == PolicyMode.OBSERVE ? "dry run (observe): would " : "")
                + (lifting ? "lift" : fifo.name().toLowerCase() + " evtchn_fifo") + " for instance " + state.instanceId()
                + " (version " + version + ", " + mode + ")";
        return new InstanceDecision(
                new InstancePolicy(version, fifo, code, mode, evidence, at, pinned, commandId,
                        lift == null ? null : lift.kind()),
                directive,
                PolicyRecords.audit(lifting ? AuditAction.POLICY_LIFTED : AuditAction.POLICY_ISSUED, key, decision, text,
                        ACTOR, at, evidence, version, null, null));
    }
}
