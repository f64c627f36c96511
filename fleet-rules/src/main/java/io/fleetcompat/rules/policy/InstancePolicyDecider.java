package io.fleetcompat.rules.policy;

import io.fleetcompat.rules.detect.Finding;
import io.fleetcompat.rules.guest.GuestCommand;
import io.fleetcompat.rules.guest.GuestState;
import io.fleetcompat.rules.guest.InstancePolicy;
import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.LiftCondition;
import io.fleetcompat.schema.avro.LiftKind;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a guest's findings into instance-level directives, at once (no rollout). Idempotent: a finding that
 * asks for the directive already in force (same controls, same scope, same image) produces nothing, so the same
 * facts never produce a new version. A pinned guest is left alone until its pin ends. Precedence: FIFO image under a
 * family denial, legacy lift, interlock, reactive, predictive, image consumed (any other decision replaces an
 * image's directive anyway).
 *
 * <p>What the detectors decide is bound to the image it protects (scope RESUME_OF_IMAGE with its image id): a denial
 * for a 2-level image, a permit for a FIFO image under a family denial. Agents apply it at that image's resume
 * only, so the guest's fresh boots keep FIFO, and it is lifted once the image is consumed. Interlock permits and
 * operator pins speak for every create (ALL_CREATES).
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
        if (wanted.isEmpty() || wanted.get().inForce(state.policy())) {
            return Optional.empty();
        }
        return Optional.of(issue(state, wanted.get(), at, mode, false, null, null));
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

    /**
     * An operator pin (both controls, every create; until an UNPIN, or until {@code expiresAt} when given), or the
     * unpin of a pinned guest: always a new version (the operator asked for it).
     */
    public InstanceDecision operator(GuestState state, GuestCommand command) {
        boolean pin = command.pins();
        String text = (pin ? "pinned by " : "unpinned by ") + command.actor() + ": " + command.reason();
        Lift lift = !pin ? null : command.expiresAt() == null ? UNTIL_UNPINNED
                : new Lift(LiftKind.AFTER_TIME, "when the pin expires at " + Instant.ofEpochMilli(command.expiresAt()),
                command.expiresAt());
        Wanted w = new Wanted(pin ? command.fifo() : ControlSetting.UNSET, pin ? command.upcall() : ControlSetting.UNSET,
                pin ? PolicyReasonCode.OPERATOR_PIN : PolicyReasonCode.OPERATOR_UNPIN, text, List.of(), lift,
                DirectiveScope.ALL_CREATES, null);
        InstanceDecision d = issue(state, w, command.issuedAt(), PolicyMode.ENFORCE, pin, command.commandId(),
                pin ? command.expiresAt() : null);
        return withAudit(d, pin ? AuditAction.POLICY_ISSUED : AuditAction.POLICY_LIFTED, text, command.actor(),
                command.issuedAt(), command.commandId());
    }

    /** A pin whose time is up: lifted (both controls UNSET, reason LIFTED), as of its expiry. */
    public InstanceDecision pinExpired(GuestState state) {
        long at = state.policy().expiresAt();
        String text = "pin expired at " + Instant.ofEpochMilli(at) + " (lift condition AFTER_TIME)";
        Wanted w = new Wanted(ControlSetting.UNSET, ControlSetting.UNSET, PolicyReasonCode.LIFTED, text, List.of(),
                null, DirectiveScope.ALL_CREATES, null);
        return issue(state, w, at, PolicyMode.ENFORCE, false, null, null);
    }

    /**
     * A directive's lift condition. Each directive gets its own Avro LiftCondition (built in {@link #issue}): Avro
     * records are mutable, and copying one with a builder resolves its enum through Avro's class loader, which is
     * not the application's under Quarkus.
     */
    private record Lift(LiftKind kind, String description, Long notBefore) {
        LiftCondition condition() {
            return new LiftCondition(kind, description, notBefore == null ? null : Instant.ofEpochMilli(notBefore));
        }
    }

    private static final Lift UNTIL_UNPINNED = new Lift(LiftKind.OPERATOR_UNPIN, "until an operator unpins the guest",
            null);

    private static Lift untilConsumed(String imageId) {
        return new Lift(LiftKind.IMAGE_CONSUMED, "when image " + imageId
                + " is consumed: resumed, or discarded by a fresh boot", null);
    }

    /**
     * What a finding asks for.
     * @param lift the directive's lift condition, null for none (a lift, an interlock permit)
     * @param imageId for RESUME_OF_IMAGE: the image it is bound to
     */
    private record Wanted(ControlSetting fifo, ControlSetting upcall, PolicyReasonCode reason, String text,
                          List<String> evidence, Lift lift, DirectiveScope scope, String imageId) {

        static Wanted fifo(ControlSetting fifo, PolicyReasonCode reason, String text, List<String> evidence,
                           Lift lift, DirectiveScope scope, String imageId) {
            return new Wanted(fifo, ControlSetting.UNSET, reason, text, evidence, lift, scope, imageId);
        }

        /** The guest's directive already is this one (a lift of nothing is in force too). */
        boolean inForce(InstancePolicy current) {
            if (current == null) {
                return fifo == ControlSetting.UNSET && upcall == ControlSetting.UNSET;
            }
            return fifo == current.evtchnFifo() && upcall == current.evtchnUpcall()
                    && (fifo == ControlSetting.UNSET && upcall == ControlSetting.UNSET
                    || scope == current.scope() && Objects.equals(imageId, current.imageId()));
        }
    }

    private static final List<Class<? extends Finding>> PRECEDENCE = List.of(Finding.FifoImageUnderFamilyDenial.class,
            Finding.LiftEligible.class, Finding.InterlockNeeded.class, Finding.ResumeFailureSignature.class,
            Finding.PredictiveHazard.class, Finding.ImageConsumed.class);

    private static Optional<Wanted> wanted(List<Finding> findings) {
        for (Class<? extends Finding> kind : PRECEDENCE) {
            for (Finding f : findings) {
                Optional<Wanted> w = kind.isInstance(f) ? wantedBy(f) : Optional.empty();
                if (w.isPresent()) {
                    return w;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Wanted> wantedBy(Finding f) {
        if (f instanceof Finding.FifoImageUnderFamilyDenial d) {
            // The instance directive wins over the family one at the agent, so the resume keeps FIFO.
            return Optional.of(Wanted.fifo(ControlSetting.PERMIT, PolicyReasonCode.FIFO_IMAGE_NEEDS_PERMIT,
                    "FIFO hibernation image " + d.imageId() + " under the family denial "
                            + String.join(", ", d.familyKeys()) + ": its resume kernel assumes FIFO "
                            + "(xen-evtchn-model.md 7.4): permit evtchn_fifo at its resume", f.evidence(),
                    untilConsumed(d.imageId()), DirectiveScope.RESUME_OF_IMAGE, d.imageId()));
        }
        if (f instanceof Finding.LiftEligible) {
            return Optional.of(Wanted.fifo(ControlSetting.UNSET, PolicyReasonCode.LIFTED,
                    "booted fresh and hibernated under FIFO: the denial is no longer needed", f.evidence(), null,
                    DirectiveScope.ALL_CREATES, null));
        }
        if (f instanceof Finding.InterlockNeeded i) {
            return Optional.of(Wanted.fifo(ControlSetting.PERMIT, PolicyReasonCode.FIFO_IMAGE_NEEDS_PERMIT,
                    i.why() + " (xen-evtchn-model.md 7.4): permit evtchn_fifo", f.evidence(), null,
                    DirectiveScope.ALL_CREATES, null));
        }
        if (f instanceof Finding.ResumeFailureSignature r) {
            // An unhealthy GuestResumed used its image up: nothing pending is left to protect (audited only).
            return r.imageId() == null ? Optional.empty() : Optional.of(Wanted.fifo(ControlSetting.DENY,
                    PolicyReasonCode.RESUME_FAILURE_OBSERVED, "resume of image " + r.imageId()
                            + " hung with Xen FIFO and a 2-level image (xen-evtchn-model.md 8): deny evtchn_fifo at "
                            + "its retried resume", f.evidence(), untilConsumed(r.imageId()),
                    DirectiveScope.RESUME_OF_IMAGE, r.imageId()));
        }
        if (f instanceof Finding.ImageConsumed c) {
            return Optional.of(Wanted.fifo(ControlSetting.UNSET, PolicyReasonCode.LIFTED,
                    "image " + c.imageId() + " consumed", f.evidence(), null, DirectiveScope.RESUME_OF_IMAGE,
                    c.imageId()));
        }
        Finding.PredictiveHazard p = (Finding.PredictiveHazard) f;
        return Optional.of(Wanted.fifo(ControlSetting.DENY, PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST,
                "2-level hibernation image " + p.imageId() + ", FIFO-aware kernel, FIFO-capable hosts in the fleet: "
                        + "deny evtchn_fifo at its resume", f.evidence(), untilConsumed(p.imageId()),
                DirectiveScope.RESUME_OF_IMAGE, p.imageId()));
    }

    private static InstanceDecision issue(GuestState state, Wanted w, long at, PolicyMode mode, boolean pinned,
                                          String commandId, Long expiresAt) {
        long version = (state.policy() == null ? 0 : state.policy().version()) + 1;
        String key = PolicyTargetKeys.INSTANCE_PREFIX + state.instanceId();
        PolicyDirective directive = PolicyDirective.newBuilder()
                .setDirectiveId(PolicyRecords.stableId(key, Long.toString(version)))
                .setTarget(PolicyRecords.instanceTarget(state.instanceId()))
                .setControls(PolicyRecords.controls(w.fifo(), w.upcall()))
                .setReason(new PolicyReason(w.reason(), w.text()))
                .setEvidenceEventIds(w.evidence())
                .setVersion(version)
                .setCohortFraction(1.0)
                .setMode(mode)
                .setIssuedAt(Instant.ofEpochMilli(at))
                .setLiftCondition(w.lift() == null ? null : w.lift().condition())
                .setScope(w.scope())
                .setImageId(w.imageId())
                .build();
        boolean lifting = w.fifo() == ControlSetting.UNSET && w.upcall() == ControlSetting.UNSET;
        String decision = (mode == PolicyMode.OBSERVE ? "dry run (observe): would " : "")
                + (lifting ? "lift" : controlsText(w)) + " for instance " + state.instanceId()
                + (w.imageId() == null ? "" : " at the resume of image " + w.imageId())
                + " (version " + version + ", " + mode + ")";
        return new InstanceDecision(
                new InstancePolicy(version, w.fifo(), w.reason(), mode, w.evidence(), at, pinned, commandId,
                        w.lift() == null ? null : w.lift().kind(), w.scope(), w.imageId(), w.upcall(), expiresAt),
                directive,
                PolicyRecords.audit(lifting ? AuditAction.POLICY_LIFTED : AuditAction.POLICY_ISSUED, key, decision,
                        w.text(), ACTOR, at, w.evidence(), version, null, null));
    }

    private static String controlsText(Wanted w) {
        String fifo = w.fifo().name().toLowerCase() + " evtchn_fifo";
        return w.upcall() == ControlSetting.UNSET ? fifo : fifo + ", " + w.upcall().name().toLowerCase()
                + " evtchn_upcall";
    }

    private static InstanceDecision withAudit(InstanceDecision d, AuditAction action, String text, String actor,
                                              long at, String commandId) {
        return new InstanceDecision(d.policy(), d.directive(), PolicyRecords.audit(action, d.audit().getSubject(),
                d.audit().getDecision(), text, actor, at, List.of(), d.policy().version(), null, commandId));
    }
}
