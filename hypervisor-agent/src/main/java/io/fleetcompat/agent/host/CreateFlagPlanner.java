package io.fleetcompat.agent.host;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.DomainConfig;
import io.fleetcompat.agent.xen.HostConfig;
import io.fleetcompat.agent.xen.Toolstack;
import io.fleetcompat.agent.xen.XenProfile;
import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateRefusalReason;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.schema.avro.PolicyMode;

import java.util.Optional;

/**
 * Decides a domain's create flags: host capabilities (profile predicates and the FIFO build switch), then the
 * toolstack defaults or the controls carried with a saved guest (§1.5 Persistence), then the directive. A guest
 * that engaged FIFO is never put into a domain denied FIFO (§7.4): a family directive does not cover its restore
 * or migration, and its own directive that denies FIFO gets the create refused.
 */
final class CreateFlagPlanner {

    private final HostConfig host;
    private final Toolstack libxl;

    CreateFlagPlanner(HostConfig host, Toolstack libxl) {
        this.host = host;
        this.libxl = libxl;
    }

    /**
     * @param carried    controls of the domain the guest was saved from; UNSET for a fresh boot or a resume
     * @param engagedAbi the ABI a saved guest will re-engage on restore; empty when a fresh kernel boots
     * @param image      for a resume from hibernation, the image's record (its ABI at shutdown); empty otherwise.
     *                   A FIFO image is never resumed into a FIFO-denied domain: its boot kernel would fall back
     *                   to 2-level and the resume kernel would read FIFO queues Xen never fills (§8 mirrored), so
     *                   a deny directive is rejected (CONFLICTS_WITH_IMAGE) and the toolstack default stands. A
     *                   2-level image that no directive speaks for meets the edge fail-safe.
     * @param failsafe   whether the edge fail-safe acts for this guest
     */
    FlagPlan plan(GuestSpec guest, Controls carried, Optional<AppliedPolicy> policy, Optional<AbiMode> engagedAbi,
                  Optional<ImageRecord> image, EdgeFailsafe.Mode failsafe) {
        if (engagedAbi.orElse(AbiMode.TWO_LEVEL) == AbiMode.FIFO
                && policy.filter(CreateFlagPlanner::familyDenial).isPresent()) {
            // A family directive speaks for the guests of a kernel family that boot or resume, and cannot know that
            // this one is live on FIFO; its flags follow the domain (§1.5, §7.4), so the carried controls stand and
            // the directive is not acknowledged here, as on a host outside its cohort. Refusing instead would stop
            // the restore or migration of a healthy guest over a directive that was never about it.
            policy = Optional.empty();
        }
        Controls base = capped(guest, carried.over(defaults(guest)));
        Controls effective = base;
        Optional<PolicyVerdict> verdict = policy.map(p -> judge(guest, base, p));
        if (verdict.isPresent() && verdict.get().isApplied()) {
            effective = verdict.get().controls();
        }
        boolean fifoImage = image.map(r -> r.shutdownAbi() == AbiMode.FIFO).orElse(false);
        if (fifoImage && verdict.isPresent() && verdict.get().isApplied() && !fifoUsable(effective)
                && fifoUsable(base)) {
            verdict = Optional.of(PolicyVerdict.rejected(verdict.get().policy(), AckRejectReason.CONFLICTS_WITH_IMAGE,
                    "the hibernation image assumes FIFO; denying FIFO would hang its resume kernel", base));
            effective = base;
        }
        EdgeFailsafeOutcome edge = EdgeFailsafeOutcome.NOT_APPLICABLE;
        // Only a directive that was applied and decided evtchn_fifo itself stands in for the fail-safe: advice (a dry
        // run) or a directive about evtchn_upcall alone must not leave a 2-level image unprotected.
        boolean directiveDecidedFifo = verdict.isPresent() && verdict.get().isApplied()
                && verdict.get().policy().controls().evtchnFifo() != ControlSetting.UNSET;
        if (!directiveDecidedFifo && image.map(ImageRecord::twoLevelAtShutdown).orElse(false)
                && guest.kernel().fifoAware() && guest.kernel().fifoEventsDefault() && fifoUsable(effective)) {
            // §8: the boot kernel would engage FIFO and the 2-level resume kernel would never see an event.
            edge = edgeFailsafe(failsafe);
            if (edge == EdgeFailsafeOutcome.DENIED_FIFO) {
                effective = effective.withFifo(ControlSetting.DENY);
            }
        }
        Optional<Refusal> refusal = Optional.empty();
        if (engagedAbi.orElse(AbiMode.TWO_LEVEL) == AbiMode.FIFO && !fifoUsable(effective)) {
            refusal = Optional.of(fifoRefusal(effective, verdict));
            if (verdict.isPresent() && verdict.get().isApplied()) {
                verdict = Optional.of(PolicyVerdict.rejected(verdict.get().policy(),
                        AckRejectReason.CONFLICTS_WITH_IMAGE,
                        "the guest engaged FIFO before it was saved; denying FIFO would BUG its restore",
                        verdict.get().controls()));
            }
        }
        return new FlagPlan(flags(guest, base), flags(guest, effective), effective, verdict, refusal, edge);
    }

    /** What the edge fail-safe does where it would act: the profile must have the per-domain control. */
    private EdgeFailsafeOutcome edgeFailsafe(EdgeFailsafe.Mode mode) {
        if (!profile().perDomainFifoControl()) {
            return EdgeFailsafeOutcome.UNSUPPORTED_BY_PROFILE;
        }
        return switch (mode) {
            case ENFORCE -> EdgeFailsafeOutcome.DENIED_FIFO;
            case ADVISE -> EdgeFailsafeOutcome.ADVISED_DENY_FIFO;
            case OFF -> EdgeFailsafeOutcome.OFF;
        };
    }

    private static boolean familyDenial(AppliedPolicy p) {
        return p.policyKey().startsWith(PolicyTargetKeys.FAMILY_PREFIX) && p.controls().evtchnFifo() == ControlSetting.DENY;
    }

    /** libxl's defaults where the profile has the knob: FIFO where the host has it, upcall vector for HVM. */
    Controls defaults(GuestSpec guest) {
        ControlSetting fifo = profile().perDomainFifoControl()
                ? (host.hostHasFifo() ? ControlSetting.PERMIT : ControlSetting.DENY) : ControlSetting.UNSET;
        ControlSetting upcall = profile().perDomainUpcallControl()
                ? (guest.hvm() ? ControlSetting.PERMIT : ControlSetting.DENY) : ControlSetting.UNSET;
        return new Controls(fifo, upcall);
    }

    private PolicyVerdict judge(GuestSpec guest, Controls base, AppliedPolicy p) {
        if (p.mode() == PolicyMode.OBSERVE) {
            return PolicyVerdict.rejected(p, AckRejectReason.INVALID_DIRECTIVE,
                    "OBSERVE directives are audited only and never applied by agents", base);
        }
        if (p.malformation() != null) {
            return PolicyVerdict.rejected(p, AckRejectReason.INVALID_DIRECTIVE, p.malformation(), base);
        }
        Controls asked = p.controls();
        if (asked.evtchnUpcall() != ControlSetting.UNSET && !guest.hvm()) {
            if (asked.evtchnFifo() == ControlSetting.UNSET) {
                return PolicyVerdict.rejected(p, AckRejectReason.NOT_APPLICABLE_TO_GUEST,
                        "evtchn_upcall applies to HVM domains only (HVMOP_set_evtchn_upcall_vector); this guest is PV",
                        base);
            }
            // A PV guest has no upcall vector to deny, but the directive's evtchn_fifo still protects it.
            asked = asked.withUpcall(ControlSetting.UNSET);
        }
        Optional<String> unsupported = unsupported(guest, asked);
        if (unsupported.isPresent()) {
            return PolicyVerdict.rejected(p, AckRejectReason.UNSUPPORTED_BY_PROFILE, unsupported.get(), base);
        }
        Controls wanted = asked.over(base);
        return p.mode() == PolicyMode.ENFORCE ? PolicyVerdict.applied(p, wanted) : PolicyVerdict.advised(p, wanted);
    }

    private Optional<String> unsupported(GuestSpec guest, Controls wanted) {
        if (wanted.evtchnFifo() != ControlSetting.UNSET) {
            if (!profile().perDomainFifoControl()) {
                return Optional.of(profile() + " has no per-domain evtchn_fifo control");
            }
            if (wanted.evtchnFifo() == ControlSetting.PERMIT && !host.hostHasFifo()) {
                return Optional.of("the host is built without FIFO event channels");
            }
        }
        if (wanted.evtchnUpcall() != ControlSetting.UNSET) {
            if (!profile().perDomainUpcallControl()) {
                return Optional.of(profile() + " has no per-domain evtchn_upcall control");
            }
        }
        return Optional.empty();
    }

    /** Carried controls the host cannot honour: knobs it lacks become UNSET, permits it cannot grant DENY. */
    private Controls capped(GuestSpec guest, Controls c) {
        ControlSetting fifo = !profile().perDomainFifoControl() ? ControlSetting.UNSET
                : c.evtchnFifo() == ControlSetting.PERMIT && !host.hostHasFifo() ? ControlSetting.DENY
                : c.evtchnFifo();
        ControlSetting upcall = !profile().perDomainUpcallControl() ? ControlSetting.UNSET
                : c.evtchnUpcall() == ControlSetting.PERMIT && !guest.hvm() ? ControlSetting.DENY
                : c.evtchnUpcall();
        return new Controls(fifo, upcall);
    }

    /** Whether init_control can succeed in a domain with these controls on this host. */
    boolean fifoUsable(Controls c) {
        return host.hostHasFifo() && c.evtchnFifo() != ControlSetting.DENY;
    }

    private Refusal fifoRefusal(Controls effective, Optional<PolicyVerdict> verdict) {
        if (!host.hostHasFifo()) {
            return Refusal.byAgent(CreateRefusalReason.FIFO_NOT_BUILT_IN,
                    "the guest engaged FIFO but this host has no FIFO event channels; its restore would BUG");
        }
        String cause = verdict.filter(PolicyVerdict::isApplied).isPresent()
                ? "the directive denies evtchn_fifo" : "evtchn_fifo is denied";
        return Refusal.byAgent(CreateRefusalReason.FIFO_GUEST_INTO_FIFO_DENIED_DOMAIN,
                "the guest engaged FIFO but " + cause + " here; its restore would BUG (spec 7.4)");
    }

    private int flags(GuestSpec guest, Controls c) {
        Toolstack.GuestSpec spec = new Toolstack.GuestSpec(DomainConfig.AUTO_DOMID, guest.hvm(), guest.vcpus(),
                DomainConfig.LIBXL_MAX_EVTCHN_PORT, guest.kernel().guestWidth(),
                c.evtchnFifo() != ControlSetting.DENY, c.evtchnUpcall() != ControlSetting.DENY);
        return libxl.defaultFlags(spec);
    }

    private XenProfile profile() {
        return host.profile();
    }
}
