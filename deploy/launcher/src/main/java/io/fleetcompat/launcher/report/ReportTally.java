package io.fleetcompat.launcher.report;

import io.fleetcompat.rules.detect.FifoCapability;
import io.fleetcompat.rules.detect.ResumeHazard;
import io.fleetcompat.schema.EventHeaders;
import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.GuestBooted;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DomainCreateRefused;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.GuestResumeFailed;
import io.fleetcompat.schema.avro.GuestResumed;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.PolicyAck;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.RolloutState;
import io.fleetcompat.schema.avro.WaveStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Folds the records of one demo run into a {@link DemoReport}. Pure and single-threaded: the caller
 * ({@link ReportCollector}) feeds it decoded records in topic order and serialises access.
 * fleet.events is keyed by guest, so a guest's creates and resume outcomes arrive in order.
 * Control-group membership is not on the wire: the tally is told it (the same stable hash the agents use).
 */
public final class ReportTally {

    /**
     * How long after its issue a directive may take to reach the agents. A directive issued in reaction to a
     * create (the §7.4 permit after a save, say) cannot be in force for the restore a few milliseconds later.
     */
    static final Duration DELIVERY_ALLOWANCE = Duration.ofSeconds(2);

    /**
     * One directive version as issued.
     *
     * @param imageId the image it protects (scope RESUME_OF_IMAGE), or null when it speaks for every create
     * @param setsControls it asks for a control (a lift, with both UNSET, has nothing to apply or acknowledge)
     */
    private record Directive(String key, long version, String instanceId, boolean predictiveDeny,
                             boolean enforceable, Instant issuedAt, String imageId, boolean setsControls) {
        boolean instance() {
            return instanceId != null;
        }
    }

    /** A guest hibernated into an image of that ABI, with a kernel that was FIFO-aware or not. */
    private record Hibernation(String instanceId, EvtchnAbi imageAbi, boolean fifoAwareKernel) {
        boolean hazard(boolean fleetOffersFifo) {
            return ResumeHazard.wouldHang(imageAbi, fifoAwareKernel, fleetOffersFifo);
        }
    }

    private final Predicate<String> inControlGroup;
    private final Set<String> hostIds = new HashSet<>();
    private final Set<String> guestIds = new HashSet<>();
    private long events;
    private final Map<String, Directive> directives = new HashMap<>();
    /** Highest directive version acknowledged (any outcome) per policy key. */
    private final Map<String, Long> highestAckedVersion = new HashMap<>();
    /** Event time of the first APPLIED ack per "key#version". */
    private final Map<String, Instant> firstApplied = new HashMap<>();
    private long policyAcks;
    private long instanceAcksRejected;
    private long familyAcksRejected;
    /** Event time of each guest's latest create (done or refused): a directive issued before it was due then. */
    private final Map<String, Instant> latestCreateAt = new HashMap<>();
    /** Event time of each image's latest resume: an image-bound directive issued before it was due then. */
    private final Map<String, Instant> latestResumeOfImage = new HashMap<>();
    /** Per image, the highest version of each directive key that decided one of its resumes. */
    private final Map<String, Map<String, Long>> decidersOfImage = new HashMap<>();
    private long resumesProtectedByDirective;
    private long resumesProtectedAtEdge;
    /** Keys whose directive denied evtchn_fifo at some version seen: a later LIFTED version lifts a denial. */
    private final Set<String> deniedKeys = new HashSet<>();
    private long denialsLifted;
    /** Issue time of each guest's first lifted denial, and event time of its latest FIFO boot. */
    private final Map<String, Instant> firstLiftOf = new HashMap<>();
    private final Map<String, Instant> latestFifoBoot = new HashMap<>();
    /** Whether each guest's latest domain was created under a FIFO deny. */
    private final Map<String, Boolean> latestCreateProtected = new HashMap<>();
    private long resumesSucceeded;
    private long resumesUnhealthy;
    private long failuresWithPolicy;
    private long failuresWithoutPolicy;
    /** Guests whose latest create reported a FIFO-aware kernel. */
    private final Set<String> fifoAware = new HashSet<>();
    /** What each hibernation outside the control group left: judged by the hazard rule when the report is made. */
    private final Set<Hibernation> hibernations = new HashSet<>();
    /** Some host offers FIFO (a heartbeat's or an event's header said so). */
    private boolean fleetOffersFifo;
    private final Set<String> controlGroupGuests = new HashSet<>();
    private long failuresProtected;
    private long failuresControlGroup;
    private long failuresOther;
    private long policiesWithheld;
    private final Map<String, RolloutState> latestRollout = new HashMap<>();
    private long auditRecords;
    private final Map<String, Long> deadLettersByKind = new HashMap<>();
    private final Map<String, Long> undecodableByTopic = new HashMap<>();

    /** @param inControlGroup whether a guest id is in the demo's control group (policy withheld by its agent) */
    public ReportTally(Predicate<String> inControlGroup) {
        this.inControlGroup = inControlGroup;
    }

    /** Accounts one decoded record read from {@code topic}; tombstones (null) carry nothing to count. */
    public void accept(String topic, SpecificRecord record) {
        if (record == null) {
            return;
        }
        EventHeaders.headerOf(record).ifPresent(header -> {
            hostIds.add(header.getHostId());
            fleetOffersFifo |= FifoCapability.isFifoCapable(header.getXenProfile(), header.getHostFifoBuiltIn());
        });
        // Java 17: no pattern matching in switch yet.
        if (record instanceof HostStatus) {
            return;
        } else if (record instanceof PolicyDirective directive) {
            onDirective(directive);
        } else if (record instanceof RolloutState rollout) {
            latestRollout.put(rollout.getRolloutId(), rollout);
        } else if (record instanceof AuditRecord) {
            auditRecords++;
        } else if (record instanceof DeadLetter deadLetter) {
            deadLettersByKind.merge(deadLetter.getErrorKind().name(), 1L, Long::sum);
        } else {
            onFleetEvent(record);
        }
    }

    /** Counts a record on {@code topic} that did not decode (or had a type that topic does not carry). */
    public void undecodable(String topic) {
        undecodableByTopic.merge(topic, 1L, Long::sum);
    }

    private void onFleetEvent(SpecificRecord record) {
        events++;
        instanceIdOf(record).ifPresent(this::seeGuest);
        if (record instanceof DomainCreated || record instanceof DomainCreateRefused) {
            instanceIdOf(record).ifPresent(guest -> latestCreateAt.merge(guest, EventHeaders.headerOf(record)
                    .orElseThrow().getEventTime(), (a, b) -> a.isAfter(b) ? a : b));
        }
        if (record instanceof DomainCreated created) {
            boolean edge = created.getEdgeFailsafe() == EdgeFailsafeOutcome.DENIED_FIFO;
            boolean byDirective = created.getPolicyKey() != null
                    && created.getControls().getEvtchnFifo() == ControlSetting.DENY;
            latestCreateProtected.put(created.getInstanceId(), edge || byDirective);
            if (created.getCreateKind() == CreateKind.RESUME_FROM_HIBERNATION) {
                resumesProtectedAtEdge += edge ? 1 : 0;
                resumesProtectedByDirective += byDirective ? 1 : 0;
                if (created.getImageId() != null) {
                    latestResumeOfImage.merge(created.getImageId(), created.getHeader().getEventTime(),
                            (a, b) -> a.isAfter(b) ? a : b);
                    if (created.getPolicyKey() != null && created.getPolicyVersion() != null) {
                        decidersOfImage.computeIfAbsent(created.getImageId(), image -> new HashMap<>())
                                .merge(created.getPolicyKey(), created.getPolicyVersion(), Math::max);
                    }
                }
            }
            if (created.getKernel().getFifoAware()) {
                fifoAware.add(created.getInstanceId());
            } else {
                fifoAware.remove(created.getInstanceId());
            }
        } else if (record instanceof GuestHibernated hibernated) {
            String guest = hibernated.getInstanceId();
            if (!inControlGroup.test(guest)) {
                hibernations.add(new Hibernation(guest, hibernated.getImageAbi(), fifoAware.contains(guest)));
            }
        } else if (record instanceof GuestBooted booted && booted.getAbi() == EvtchnAbi.FIFO) {
            latestFifoBoot.merge(booted.getInstanceId(), booted.getHeader().getEventTime(),
                    (a, b) -> a.isAfter(b) ? a : b);
        } else if (record instanceof GuestResumed resumed) {
            if (resumed.getHealthy()) {
                resumesSucceeded++;
            } else {
                resumesUnhealthy++;
            }
        } else if (record instanceof GuestResumeFailed failed) {
            if (latestCreateProtected.getOrDefault(failed.getInstanceId(), false)) {
                failuresWithPolicy++;
            } else {
                failuresWithoutPolicy++;
            }
            // The hazard the policy protects against is a 2-level image; any other failure outside the control
            // group (e.g. a FIFO image resumed where FIFO is denied) is counted apart, never hidden.
            if (inControlGroup.test(failed.getInstanceId())) {
                failuresControlGroup++;
            } else if (failed.getImageAbi() == EvtchnAbi.TWO_LEVEL) {
                failuresProtected++;
            } else {
                failuresOther++;
            }
        } else if (record instanceof PolicyAck ack) {
            onAck(ack);
        }
    }

    private void onDirective(PolicyDirective directive) {
        String key = keyOrNull(directive.getTarget());
        if (key == null) {
            undecodable("fleet.policy");
            return;
        }
        boolean instance = directive.getTarget().getKind() == PolicyTargetKind.INSTANCE;
        boolean predictiveDeny = instance
                && directive.getReason().getCode() == PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST
                && directive.getControls().getEvtchnFifo() == ControlSetting.DENY;
        EvtchnControls controls = directive.getControls();
        boolean setsControls = controls.getEvtchnFifo() != ControlSetting.UNSET
                || controls.getEvtchnUpcall() != ControlSetting.UNSET;
        String imageId = directive.getScope() == DirectiveScope.RESUME_OF_IMAGE ? directive.getImageId() : null;
        Directive seen = new Directive(key, directive.getVersion(), instance ? directive.getTarget().getInstanceId()
                : null, predictiveDeny, directive.getMode() != PolicyMode.OBSERVE, directive.getIssuedAt(), imageId,
                setsControls);
        if (directives.putIfAbsent(versionKey(key, directive.getVersion()), seen) == null) {
            onDenialOrLift(key, directive, seen);
        }
    }

    /** A key's versions arrive in order (one key, one partition): a LIFTED version after a DENY lifts a denial. */
    private void onDenialOrLift(String key, PolicyDirective directive, Directive seen) {
        if (directive.getControls().getEvtchnFifo() == ControlSetting.DENY) {
            deniedKeys.add(key);
        } else if (directive.getReason().getCode() == PolicyReasonCode.LIFTED && deniedKeys.remove(key)) {
            denialsLifted++;
            if (seen.instance()) {
                firstLiftOf.merge(seen.instanceId(), seen.issuedAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
    }

    private void onAck(PolicyAck ack) {
        policyAcks++;
        if (ack.getDomain() != null) {
            seeGuest(ack.getDomain().getInstanceId());
        }
        if (ack.getOutcome() == AckOutcome.ADVISED && ack.getTarget().getKind() == PolicyTargetKind.INSTANCE
                && ack.getTarget().getInstanceId() != null && inControlGroup.test(ack.getTarget().getInstanceId())) {
            policiesWithheld++;
        }
        if (ack.getOutcome() == AckOutcome.REJECTED) {
            if (ack.getTarget().getKind() == PolicyTargetKind.FAMILY) {
                familyAcksRejected++;
            } else {
                instanceAcksRejected++;
            }
        }
        String key = keyOrNull(ack.getTarget());
        if (key == null) {
            return;
        }
        highestAckedVersion.merge(key, ack.getDirectiveVersion(), Math::max);
        if (ack.getOutcome() == AckOutcome.APPLIED) {
            firstApplied.merge(versionKey(key, ack.getDirectiveVersion()), ack.getHeader().getEventTime(),
                    (a, b) -> a.isBefore(b) ? a : b);
        }
    }

    private void seeGuest(String guest) {
        if (guestIds.add(guest) && inControlGroup.test(guest)) {
            controlGroupGuests.add(guest);
        }
    }

    /** The report as of the records seen so far. */
    public DemoReport report() {
        List<Long> latencies = new ArrayList<>();
        long unacknowledged = 0;
        long pending = 0;
        long afterResume = 0;
        long applied = 0;
        for (Map.Entry<String, Directive> entry : directives.entrySet()) {
            Directive directive = entry.getValue();
            Instant appliedAt = firstApplied.get(entry.getKey());
            if (appliedAt != null) {
                applied++;
                if (directive.instance()) {
                    latencies.add(Math.max(0, appliedAt.toEpochMilli() - directive.issuedAt().toEpochMilli()));
                }
            }
            // A later version supersedes this one: agents that never saw it acknowledge the later one.
            boolean acknowledged = highestAckedVersion.getOrDefault(directive.key(), Long.MIN_VALUE) >= directive.version();
            if (directive.instance() && directive.enforceable() && directive.setsControls() && !acknowledged) {
                // Agents acknowledge at a create the directive speaks for (for an image-bound one: the resume of its
                // image): without one since the directive could reach them, nothing was due.
                if (directive.imageId() != null) {
                    // Due at the resume of its image only, and the resume record names the directive that decided it:
                    // decided by this one (or a later version) without an ack is a lost ack; decided otherwise, the
                    // directive reached the agent after the image had resumed (the race the edge fail-safe runs),
                    // however late the stream's issue time says it was.
                    if (!latestResumeOfImage.containsKey(directive.imageId())) {
                        pending++;
                    } else if (decidersOfImage.getOrDefault(directive.imageId(), Map.of())
                            .getOrDefault(directive.key(), Long.MIN_VALUE) >= directive.version()) {
                        unacknowledged++;
                    } else {
                        afterResume++;
                    }
                    continue;
                }
                Instant created = latestCreateAt.get(directive.instanceId());
                if (created != null && created.isAfter(directive.issuedAt().plus(DELIVERY_ALLOWANCE))) {
                    unacknowledged++;
                } else {
                    pending++;
                }
            }
        }
        latencies.sort(null);
        // Judged now, not at each hibernation: the topics are read in no fixed order against each other, and a
        // FIFO-capable host may be learnt after the images it makes hazardous.
        long protectedGuests = hibernations.stream().filter(h -> h.hazard(fleetOffersFifo))
                .map(Hibernation::instanceId).distinct().count();
        long instancePolicies = directives.values().stream().filter(Directive::instance).count();
        // Judged now: fleet.policy and fleet.events are read in no fixed order against each other.
        long guestsBackOnFifo = firstLiftOf.entrySet().stream()
                .filter(lift -> latestFifoBoot.getOrDefault(lift.getKey(), Instant.MIN).isAfter(lift.getValue()))
                .count();
        long waves = latestRollout.values().stream()
                .flatMap(rollout -> rollout.getWaves().stream())
                .filter(wave -> wave.getStatus() == WaveStatus.PASSED)
                .count();
        return new DemoReport(hostIds.size(), guestIds.size(), events,
                directives.values().stream().filter(Directive::predictiveDeny).count(),
                resumesSucceeded, resumesUnhealthy, failuresWithPolicy, failuresWithoutPolicy,
                protectedGuests, controlGroupGuests.size(), failuresProtected, failuresControlGroup,
                failuresOther, policiesWithheld,
                directives.size(), instancePolicies, directives.size() - instancePolicies, applied, policyAcks,
                instanceAcksRejected, familyAcksRejected, unacknowledged == 0, unacknowledged, pending, afterResume,
                Percentiles.nearestRank(latencies, 50), Percentiles.nearestRank(latencies, 99), latencies.size(),
                latestRollout.size(), waves, auditRecords, resumesProtectedByDirective, resumesProtectedAtEdge,
                denialsLifted, guestsBackOnFifo,
                deadLettersByKind.values().stream().mapToLong(Long::longValue).sum(), deadLettersByKind,
                undecodableByTopic);
    }

    private static Optional<String> instanceIdOf(SpecificRecord record) {
        Schema.Field field = record.getSchema().getField("instance_id");
        return field == null ? Optional.empty()
                : Optional.ofNullable((String) record.get(field.pos()));
    }

    private static String keyOrNull(PolicyTarget target) {
        try {
            return PolicyTargetKeys.keyOf(target);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String versionKey(String key, long version) {
        return key + "#" + version;
    }
}
