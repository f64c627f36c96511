package io.fleetcompat.rules.guest;

import io.fleetcompat.rules.detect.FamilySignal;
import io.fleetcompat.rules.detect.FamilySignals;
import io.fleetcompat.rules.detect.FifoCapability;
import io.fleetcompat.rules.detect.Finding;
import io.fleetcompat.rules.detect.FindingAudits;
import io.fleetcompat.rules.detect.GuestDetectors;
import io.fleetcompat.rules.policy.FamilyDenials;
import io.fleetcompat.rules.policy.FamilyDenialsView;
import io.fleetcompat.rules.policy.InstanceDecision;
import io.fleetcompat.rules.policy.InstancePolicyDecider;
import io.fleetcompat.schema.EventHeaders;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.PolicyAck;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.XenProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * The per-guest rules as one pure step per input: (state, input, read-only views of the hosts and the family
 * denials, the time it is given) → {@link StepResult} (next state, outputs). Parking, validation, dedup, fold,
 * detection, the index of FIFO images, family denials and the instance decision all happen here; fleet-stream's
 * processors only load the state, call a step, store what changed and forward the outputs. No clock: times come
 * from the events, the commands, or the caller (a punctuation's wall-clock time).
 */
public final class GuestStep {

    /**
     * @param instanceMode mode of instance-level directives (OBSERVE = audit only, never sent to agents)
     * @param dedupWindowPerHost recent (sequence, event id) pairs kept per host in a guest's state
     * @param timelineKept timeline lines kept per guest
     * @param unknownHostGrace how long a guest's events wait for their host's first HostStatus; 0: at once rejected
     */
    public record Settings(PolicyMode instanceMode, int dedupWindowPerHost,
                           int timelineKept, Duration unknownHostGrace) {
        public Settings {
            if (dedupWindowPerHost < 1) {
                throw new IllegalArgumentException("fleet-stream.dedup-window-per-host must be >= 1: "
                        + dedupWindowPerHost);
            }
            if (timelineKept < 1) {
                throw new IllegalArgumentException("fleet-stream.timeline-kept must be >= 1: " + timelineKept);
            }
            if (unknownHostGrace.isNegative()) {
                throw new IllegalArgumentException("fleet-stream.unknown-host-grace must not be negative: "
                        + unknownHostGrace);
            }
        }
    }

    private final Settings settings;
    private final GuestStateFold fold;
    private final GuestDetectors detectors = new GuestDetectors();
    private final InstancePolicyDecider decider;

    public GuestStep(Settings settings) {
        this.settings = settings;
        this.fold = new GuestStateFold(settings.dedupWindowPerHost(), settings.timelineKept());
        this.decider = new InstancePolicyDecider(settings.instanceMode());
    }

    /**
     * One agent event about a guest (it has an instance id).
     * @param guestHasWaiting the guest has parked events: this one waits behind them
     */
    public StepResult<GuestState> onEvent(GuestState before, String key, SpecificRecord event, boolean guestHasWaiting,
                                          HostView hosts, FamilyDenialsView denials) {
        EventHeader header = headerOf(event);
        if (Parking.mustWait(guestHasWaiting, hosts.known(header.getHostId()), settings.unknownHostGrace())) {
            return StepResult.unchanged(before, StepResult.Disposition.PARKED, List.of());
        }
        Validation verdict = EventValidator.validate(before, key, event, header, hosts);
        if (verdict instanceof Validation.Reject reject) {
            return StepResult.rejected(before, reject.reason());
        }
        if (verdict instanceof Validation.Duplicate) {
            return new StepResult<>(before.duplicateDropped(), true, StepResult.Disposition.DUPLICATE, List.of());
        }
        Set<XenProfile> fifoProfiles = withProfileOf(hosts.fifoCapableProfiles(), header);
        long at = header.getEventTime().toEpochMilli();
        GuestState after = fold.apply(before, event);
        List<Finding> findings = new ArrayList<>(detectors.detect(before, after, event, header,
                !fifoProfiles.isEmpty()));
        List<GuestOutput> out = new ArrayList<>(audits(after, findings, at));
        long decidedAt = at;
        Optional<Finding> underFamilyDenial = event instanceof GuestHibernated
                ? FamilyDenials.findingFor(after, denials) : Optional.empty();
        if (underFamilyDenial.isPresent()) {
            // Decided at the time a denial arriving after this event would give it (onFamilyDenial).
            decidedAt = FamilyDenials.permitAt(after, denials);
            out.addAll(audits(after, List.of(underFamilyDenial.get()), decidedAt));
            findings.add(underFamilyDenial.get());
        }
        out.addAll(FifoImages.updates(before, after, event, underFamilyDenial.isPresent()));
        after = decided(after, findings, decidedAt, out);
        for (FamilySignal signal : FamilySignals.of(after, event, header, findings, fifoProfiles)) {
            out.add(new GuestOutput.Signal(signal));
        }
        if (GuestDetectors.predictiveHazardEnded(before, after, !fifoProfiles.isEmpty()) && after.kernel() != null) {
            for (FamilySignal signal : FamilySignals.towardFifoProfiles(FamilySignal.Kind.HAZARD_CLEARED,
                    before.kernel() == null ? after.kernel().family() : before.kernel().family(), header.getEventId(),
                    at, header.getHostId(), fifoProfiles)) {
                out.add(new GuestOutput.Signal(signal));
            }
        }
        ackSignal(event).ifPresent(out::add);
        return StepResult.applied(after, out);
    }

    /**
     * An event without a guest (a PolicyAck without a domain, keyed by its policy key; a control-domain
     * HypercallResult, keyed by host): deduplicated by (host, sequence) like guest events against a window per
     * record key, so a replayed ack never counts twice in a gate.
     */
    public StepResult<HostSequences> onGuestlessEvent(HostSequences seen, String key, SpecificRecord event,
                                                      boolean keyHasWaiting, HostView hosts) {
        EventHeader header = headerOf(event);
        if (Parking.mustWait(keyHasWaiting, hosts.known(header.getHostId()), settings.unknownHostGrace())) {
            return StepResult.unchanged(seen, StepResult.Disposition.PARKED, List.of());
        }
        if (!hosts.known(header.getHostId())) {
            return StepResult.rejected(seen, Parking.unknownHost(header.getHostId()));
        }
        Validation verdict = EventValidator.sequenceVerdict(seen, header, "key " + key);
        if (verdict instanceof Validation.Reject reject) {
            return StepResult.rejected(seen, reject.reason());
        }
        if (verdict instanceof Validation.Duplicate) {
            return StepResult.unchanged(seen, StepResult.Disposition.DUPLICATE, List.of());
        }
        HostSequences next = seen.record(header.getHostId(), header.getSequence(), header.getEventId(),
                header.getEventTime().toEpochMilli(), settings.dedupWindowPerHost());
        return StepResult.applied(next, ackSignal(event).stream().toList());
    }

    /** An operator's PIN or UNPIN of the guest, at the command's issue time. */
    public StepResult<GuestState> onCommand(GuestState state, GuestCommand command, HostView hosts,
                                            FamilyDenialsView denials) {
        if (state.operatorCommands().contains(command.commandId())
                || state.policy() != null && command.commandId().equals(state.policy().commandId())) {
            return StepResult.unchanged(state, StepResult.Disposition.IGNORED, List.of());
        }
        GuestState seen = state.withOperatorCommand(command.commandId());
        boolean pin = command.action() == OperatorAction.PIN;
        if (!pin && !state.pinned()) {
            // An UNPIN of a guest no operator holds would lift what the detectors decided (e.g. a DENY).
            AuditRecord refusal = InstancePolicyDecider.unpinRefused(state, command.actor(), command.reason(),
                    command.commandId(), command.issuedAt());
            return StepResult.applied(seen, List.of(new GuestOutput.Audit(refusal)));
        }
        InstanceDecision decision = decider.operator(state, command);
        List<GuestOutput> out = new ArrayList<>(List.of(new GuestOutput.Decision(decision)));
        GuestState after = seen.withPolicy(decision.policy());
        if (!pin) {
            after = judgedUnpinned(after, command.issuedAt(), hosts, denials, out);
        }
        pinExpiryChange(state, after).ifPresent(out::add);
        return StepResult.applied(after, out);
    }

    /**
     * A pin whose expiry (lift condition AFTER_TIME) is due at wall-clock {@code now}: lifted as of its expiry time,
     * then the guest is judged as after an UNPIN.
     */
    public StepResult<GuestState> onPinExpiry(GuestState state, long now, HostView hosts, FamilyDenialsView denials) {
        Long expiresAt = expiringPin(state);
        if (expiresAt == null) {
            // The index still lists a guest whose pin ended otherwise (an UNPIN, a new pin): drop it.
            return StepResult.unchanged(state, StepResult.Disposition.IGNORED,
                    List.of(new GuestOutput.PinExpiry(state.instanceId(), null)));
        }
        if (!state.policy().pinExpiredAt(now)) {
            return StepResult.unchanged(state, StepResult.Disposition.IGNORED, List.of());
        }
        InstanceDecision lift = decider.pinExpired(state);
        List<GuestOutput> out = new ArrayList<>(List.of(new GuestOutput.Decision(lift)));
        GuestState after = withLift(state, lift);
        after = judgedUnpinned(after, expiresAt, hosts, denials, out);
        pinExpiryChange(state, after).ifPresent(out::add);
        return StepResult.applied(after, out);
    }

    /** Facts that arose while pinned were audited then; now they get their directive at once. */
    private GuestState judgedUnpinned(GuestState guest, long at, HostView hosts, FamilyDenialsView denials,
                                      List<GuestOutput> out) {
        List<Finding> standing = new ArrayList<>(GuestDetectors.standing(guest, !hosts.fifoCapableProfiles().isEmpty()));
        FamilyDenials.findingFor(guest, denials).ifPresent(standing::add);
        return decided(guest, standing, at, out);
    }

    /** Whether the guest's expiring pin appeared, moved or went away between two states. */
    private static Optional<GuestOutput> pinExpiryChange(GuestState before, GuestState after) {
        Long was = expiringPin(before);
        Long now = expiringPin(after);
        return Objects.equals(was, now) ? Optional.empty()
                : Optional.of(new GuestOutput.PinExpiry(after.instanceId(), now));
    }

    private static Long expiringPin(GuestState guest) {
        return guest.policy() != null && guest.policy().pinned() ? guest.policy().expiresAt() : null;
    }

    /**
     * The predictive sweep's decision for one guest, at wall-clock time {@code now}: a hibernated guest the
     * predictive rule could not flag at its events (no FIFO-capable host then). Nothing in the data says when the
     * fleet gained FIFO, so the decision time is the sweep's.
     */
    public StepResult<GuestState> onSweep(GuestState guest, HostView hosts, long now) {
        Set<XenProfile> fifoProfiles = hosts.fifoCapableProfiles();
        if (fifoProfiles.isEmpty() || !sweepDue(guest)) {
            return StepResult.unchanged(guest, StepResult.Disposition.IGNORED, List.of());
        }
        Finding hazard = new Finding.PredictiveHazard(guest.image().imageId(),
                GuestDetectors.evidenceOfPredictiveHazard(guest));
        List<GuestOutput> out = new ArrayList<>(audits(guest, List.of(hazard), now));
        GuestState after = decided(guest, List.of(hazard), now, out);
        if (guest.kernel() != null) {
            for (FamilySignal signal : FamilySignals.towardFifoProfiles(FamilySignal.Kind.HAZARD,
                    guest.kernel().family(), guest.image().eventId(), now, guest.image().hostId(), fifoProfiles)) {
                out.add(new GuestOutput.Signal(signal));
            }
        }
        return StepResult.applied(after, out);
    }

    /**
     * A guest the sweep must decide: a predictive hazard once the fleet has FIFO, not decided on (no policy, or only
     * a lifted one: a denial lifted with its image says nothing of a later image; an interlock PERMIT or a live
     * denial must not be overridden).
     */
    public static boolean sweepDue(GuestState guest) {
        return (guest.policy() == null || guest.policy().setsNothing()) && GuestDetectors.predictiveHazard(guest, true);
    }

    /**
     * A family denial of {@code kernelFamily} reached the guest's task while the guest is listed with a pending FIFO
     * image: it gets its permit before its resume meets the denial. The decision time is the later of the
     * hibernation and the start of the denial, so both orders give the same directive and audit. The finding is
     * audited once per image (a pinned guest, never permitted, meets every denying version).
     * @param guest the guest's state, null if the task has none (a stale index entry)
     */
    public StepResult<GuestState> onFamilyDenial(GuestState guest, String kernelFamily, PendingFifoImage listed,
                                                 FamilyDenialsView denials) {
        if (guest == null || guest.image() == null || !guest.image().eventId().equals(listed.imageEventId())) {
            return StepResult.unchanged(guest, StepResult.Disposition.IGNORED,
                    List.of(new GuestOutput.FifoImageUnlisted(kernelFamily, listed.instanceId())));
        }
        Optional<Finding> finding = guest.policy() != null && guest.policy().evtchnFifo() == ControlSetting.PERMIT ? Optional.empty()
                : FamilyDenials.findingFor(guest, denials);
        if (finding.isEmpty()) {
            return StepResult.unchanged(guest, StepResult.Disposition.IGNORED, List.of());
        }
        long at = FamilyDenials.permitAt(guest, denials);
        List<GuestOutput> out = new ArrayList<>();
        if (!listed.audited()) {
            out.addAll(audits(guest, List.of(finding.get()), at));
            out.add(new GuestOutput.FifoImageListed(kernelFamily, listed.withAudited()));
        }
        GuestState after = decided(guest, List.of(finding.get()), at, out);
        return new StepResult<>(after, after != guest, StepResult.Disposition.APPLIED, out);
    }

    /** Decides on the findings; adds the new version, if any, to {@code out} and returns the guest with it. */
    private GuestState decided(GuestState guest, List<Finding> findings, long at, List<GuestOutput> out) {
        Optional<InstanceDecision> decision = decider.decide(guest, findings, at);
        if (decision.isEmpty()) {
            return guest;
        }
        out.add(new GuestOutput.Decision(decision.get()));
        return withLift(guest, decision.get());
    }

    /** The guest under its new version, counting a denial that version lifts. */
    private static GuestState withLift(GuestState guest, InstanceDecision decision) {
        GuestState next = guest.withPolicy(decision.policy());
        boolean liftsDenial = guest.policy() != null && guest.policy().denies()
                && decision.policy().reason() == PolicyReasonCode.LIFTED;
        return liftsDenial ? next.withProtection(next.protection().denialLifted()) : next;
    }

    private static List<GuestOutput> audits(GuestState guest, List<Finding> findings, long at) {
        return FindingAudits.of(guest, findings, at).stream().map(a -> (GuestOutput) new GuestOutput.Audit(a))
                .toList();
    }

    private static Optional<GuestOutput> ackSignal(SpecificRecord event) {
        FamilySignal signal = event instanceof PolicyAck ack ? FamilySignals.ofAck(ack) : null;
        return Optional.ofNullable(signal).map(GuestOutput.Signal::new);
    }

    /** The fleet's FIFO-capable profiles, with the event's own host's (its header says what it is). */
    private static Set<XenProfile> withProfileOf(Set<XenProfile> known, EventHeader header) {
        XenProfile profile = header.getXenProfile();
        if (!FifoCapability.isFifoCapable(profile, header.getHostFifoBuiltIn()) || known.contains(profile)) {
            return known;
        }
        EnumSet<XenProfile> with = EnumSet.of(profile);
        with.addAll(known);
        return with;
    }

    private static EventHeader headerOf(SpecificRecord event) {
        return EventHeaders.headerOf(event)
                .orElseThrow(() -> new IllegalArgumentException("not an agent event: " + event.getSchema().getName()));
    }
}
