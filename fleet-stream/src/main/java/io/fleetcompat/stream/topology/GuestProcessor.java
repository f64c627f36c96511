package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.EventHeaders;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.PolicyAck;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.stream.detect.FamilySignal;
import io.fleetcompat.stream.detect.FamilySignals;
import io.fleetcompat.stream.detect.Finding;
import io.fleetcompat.stream.detect.GuestDetectors;
import io.fleetcompat.stream.errors.DeadLetterFactory;
import io.fleetcompat.stream.errors.SourceBytes;
import io.fleetcompat.stream.policy.InstanceDecision;
import io.fleetcompat.stream.policy.InstancePolicyDecider;
import io.fleetcompat.stream.state.EventValidator;
import io.fleetcompat.stream.state.GuestEvents;
import io.fleetcompat.stream.state.GuestState;
import io.fleetcompat.stream.state.GuestStateFold;
import io.fleetcompat.stream.state.HostSequences;
import io.fleetcompat.stream.state.ParkedEvents;
import io.fleetcompat.stream.state.PendingFifoImage;
import io.fleetcompat.stream.state.Validation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Per guest: validate, fold, detect, decide. Reads and writes {@code guest-state-store} and the task's index of
 * FIFO images ({@code fifo-images-store}), reads the task's copy of the family denials
 * ({@code family-denials-store}); emits instance directives, audit records, dead letters and family signals as
 * {@link Output}s keyed for their topic.
 */
final class GuestProcessor extends ContextualProcessor<String, GuestInput, String, Output> {

    private static final Counter DUPLICATES = Metrics.counter("fleet_stream_duplicates_dropped");
    private static final Counter REJECTED = Metrics.counter("fleet_stream_events_dead_lettered");
    private static final Counter PARKED = Metrics.counter("fleet_stream_events_parked_for_unknown_host");
    private static final Counter PARKED_RELEASED = Metrics.counter("fleet_stream_parked_events_released");
    private static final java.time.Duration PARKED_CHECK_INTERVAL = java.time.Duration.ofSeconds(1);

    private final FleetStreamConfig config;
    private final GuestStateFold fold;
    private final GuestDetectors detectors;
    private final InstancePolicyDecider decider;
    private KeyValueStore<String, GuestState> store;
    private KeyValueStore<String, HostSequences> guestlessSequences;
    private FamilyDenials familyDenials;
    private FifoImageIndex fifoImages;
    private HostDirectory hosts;
    private KeyValueStore<String, ParkedEvents> parked;
    private final Deserializer<SpecificRecord> eventDecoder = Topics.EVENTS.valueSerde().deserializer();
    private EventValidator validator;
    private PredictiveSweep sweep;

    private final FifoCapableProfiles fifoCapable;

    GuestProcessor(FleetStreamConfig config, FifoCapableProfiles fifoCapable) {
        this.config = config;
        this.fifoCapable = fifoCapable;
        this.fold = new GuestStateFold(config.dedupWindowPerHost(), config.timelineKept());
        this.detectors = new GuestDetectors();
        this.decider = new InstancePolicyDecider(config.instanceMode());
    }

    @Override
    public void init(ProcessorContext<String, Output> context) {
        super.init(context);
        store = context.getStateStore(Names.GUEST_STATE_STORE);
        guestlessSequences = context.getStateStore(Names.GUESTLESS_SEQUENCES_STORE);
        familyDenials = new FamilyDenials(context.getStateStore(Names.FAMILY_DENIALS_STORE));
        KeyValueStore<String, PendingFifoImage> images = context.getStateStore(Names.FIFO_IMAGES_STORE);
        fifoImages = new FifoImageIndex(images);
        ReadOnlyKeyValueStore<String, HostStatus> known = context.getStateStore(Names.KNOWN_HOSTS_STORE);
        hosts = new HostDirectory(known, fifoCapable);
        validator = new EventValidator(hosts::known);
        sweep = new PredictiveSweep(config.sweepBatch());
        context.schedule(config.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweepHibernatedGuests);
        parked = context.getStateStore(Names.PARKED_EVENTS_STORE);
        context.schedule(PARKED_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::releaseParked);
    }

    /**
     * Lets through the parked events whose host has announced itself since, in their order, and dead-letters those
     * that waited out the grace period; an event still within its grace keeps itself and the rest parked.
     */
    private void releaseParked(long now) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ParkedEvents> all = parked.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        for (String key : keys) {
            List<ParkedEvents.Parked> waiting = parked.get(key).events();
            parked.delete(key);
            for (int i = 0; i < waiting.size(); i++) {
                ParkedEvents.Parked p = waiting.get(i);
                boolean known = hosts.known(p.hostId());
                if (!known && now - p.parkedAt() < config.unknownHostGrace().toMillis()) {
                    parked.put(key, new ParkedEvents(waiting.subList(i, waiting.size())));
                    break;
                }
                SourceBytes source = new SourceBytes(p.topic(), p.partition(), p.offset(), p.key(), p.value());
                SpecificRecord event = eventDecoder.deserialize(p.topic(), p.value());
                Record<String, GuestInput> record = new Record<>(key, new GuestInput.Event(event, source), p.timestamp());
                if (known) {
                    PARKED_RELEASED.increment();
                    onEvent(record, (GuestInput.Event) record.value());
                } else {
                    deadLetter(record, (GuestInput.Event) record.value(), "unknown host " + p.hostId()
                            + ": it never sent a HostStatus (waited " + config.unknownHostGrace().toSeconds() + " s)");
                }
            }
        }
    }

    /**
     * Parks an event whose host has not announced itself yet (its HostStatus may simply not have reached the
     * global store), or that must wait behind a parked event of the same guest to keep the guest's order.
     * @return whether it was parked
     */
    private boolean parkedFor(Record<String, GuestInput> record, GuestInput.Event input, EventHeader header) {
        ParkedEvents waiting = parked.get(record.key());
        if (waiting == null && (hosts.known(header.getHostId()) || config.unknownHostGrace().isZero())) {
            return false;
        }
        SourceBytes source = input.source();
        ParkedEvents.Parked p = new ParkedEvents.Parked(header.getHostId(), source.topic(), source.partition(),
                source.offset(), source.key(), source.value(), record.timestamp(), context().currentSystemTimeMs());
        parked.put(record.key(), waiting == null ? new ParkedEvents(List.of(p)) : waiting.append(p));
        PARKED.increment();
        return true;
    }

    /**
     * Decides the hibernated guests the predictive rule could not flag at their events (no FIFO-capable host
     * then). The decision time is the punctuation's wall-clock time: nothing in the data says when the
     * fleet gained FIFO (a replay, whose global store is loaded before any event, flags them at their events).
     */
    private void sweepHibernatedGuests(long now) {
        Set<XenProfile> fifoProfiles = hosts.fifoCapableProfiles();
        for (GuestState guest : sweep.due(store, !fifoProfiles.isEmpty())) {
            Finding hazard = new Finding.PredictiveHazard(GuestDetectors.evidenceOfPredictiveHazard(guest));
            forwardAudits(guest, List.of(hazard), now, now);
            GuestState after = decided(guest, List.of(hazard), now, now);
            if (guest.kernel() != null) {
                for (FamilySignal signal : FamilySignals.hazards(guest.kernel().family(), guest.image().eventId(),
                        now, guest.image().hostId(), fifoProfiles)) {
                    context().forward(new Record<>(signal.familyKey(), new Output.Signal(signal), now));
                }
            }
            store.put(guest.instanceId(), after);
        }
    }

    private void forwardAudits(GuestState guest, List<Finding> findings, long at, long timestamp) {
        GuestOutputs.audits(context(), guest, findings, at, timestamp);
    }

    @Override
    public void process(Record<String, GuestInput> record) {
        if (record.value() instanceof GuestInput.Command c) {
            onCommand(record, c.command());
        } else if (record.value() instanceof GuestInput.Event e) {
            onEvent(record, e);
        }
    }

    private void onEvent(Record<String, GuestInput> record, GuestInput.Event input) {
        SpecificRecord event = input.event();
        EventHeader header = EventHeaders.headerOf(event).orElseThrow();
        String key = record.key();
        if (parkedFor(record, input, header)) {
            return;
        }
        if (GuestEvents.instanceIdOf(event) == null) {
            onGuestlessEvent(record, input, event, header);
            return;
        }
        GuestState before = stateOf(key);
        Validation verdict = validator.validate(before, key, event, header);
        if (verdict instanceof Validation.Reject reject) {
            deadLetter(record, input, reject.reason());
            return;
        }
        if (verdict instanceof Validation.Duplicate) {
            DUPLICATES.increment();
            store.put(key, before.duplicateDropped());
            return;
        }
        hosts.learn(header);
        long at = header.getEventTime().toEpochMilli();
        GuestState after = fold.apply(before, event);
        List<Finding> findings = new ArrayList<>(
                detectors.detect(before, after, event, header, !hosts.fifoCapableProfiles().isEmpty()));
        forwardAudits(after, findings, at, record.timestamp());
        fifoImages.track(before, after, event);
        long decidedAt = at;
        Optional<Finding> underFamilyDenial = event instanceof GuestHibernated
                ? familyDenials.findingFor(after) : Optional.empty();
        if (underFamilyDenial.isPresent()) {
            // Decided at the time FamilyDenialProcessor would give it, had the denial arrived after this event.
            decidedAt = familyDenials.permitAt(after);
            forwardAudits(after, List.of(underFamilyDenial.get()), decidedAt, record.timestamp());
            fifoImages.markAudited(after.kernel().family(), after.instanceId());
            findings.add(underFamilyDenial.get());
        }
        after = decided(after, findings, decidedAt, record.timestamp());
        List<FamilySignal> signals = new ArrayList<>(FamilySignals.of(after, event, header, findings,
                hosts.fifoCapableProfiles()));
        if (event instanceof PolicyAck ack && FamilySignals.ofAck(ack) != null) {
            signals.add(FamilySignals.ofAck(ack));
        }
        for (FamilySignal signal : signals) {
            context().forward(new Record<>(signal.familyKey(), new Output.Signal(signal), record.timestamp()));
        }
        store.put(key, after);
    }

    /** A PolicyAck without a domain (keyed by policy key) or a control-domain HypercallResult. */
    private void onGuestlessEvent(Record<String, GuestInput> record, GuestInput.Event input, SpecificRecord event,
                                  EventHeader header) {
        if (!hosts.known(header.getHostId())) {
            deadLetter(record, input, "unknown host " + header.getHostId() + ": it never sent a HostStatus");
            return;
        }
        // Deduplicated by (host, sequence) like guest events: a replayed ack must not count twice in a gate.
        HostSequences seen = guestlessSequences.get(record.key());
        seen = seen == null ? HostSequences.EMPTY : seen;
        Validation verdict = EventValidator.sequenceVerdict(seen, header, "key " + record.key());
        if (verdict instanceof Validation.Reject reject) {
            deadLetter(record, input, reject.reason());
            return;
        }
        if (verdict instanceof Validation.Duplicate) {
            DUPLICATES.increment();
            return;
        }
        guestlessSequences.put(record.key(), seen.record(header.getHostId(), header.getSequence(),
                header.getEventId(), header.getEventTime().toEpochMilli(), config.dedupWindowPerHost()));
        if (event instanceof PolicyAck ack && FamilySignals.ofAck(ack) != null) {
            FamilySignal signal = FamilySignals.ofAck(ack);
            context().forward(new Record<>(signal.familyKey(), new Output.Signal(signal), record.timestamp()));
        }
    }

    private void onCommand(Record<String, GuestInput> record, GuestCommand command) {
        GuestState state = stateOf(command.instanceId());
        if (state.operatorCommands().contains(command.commandId())
                || state.policy() != null && command.commandId().equals(state.policy().commandId())) {
            return;
        }
        GuestState seen = state.withOperatorCommand(command.commandId());
        boolean pin = command.action() == OperatorAction.PIN;
        if (!pin && !state.pinned()) {
            // An UNPIN of a guest no operator holds would lift what the detectors decided (e.g. a DENY).
            AuditRecord refusal = InstancePolicyDecider.unpinRefused(state, command.actor(), command.reason(),
                    command.commandId(), command.issuedAt());
            context().forward(new Record<>(refusal.getSubject(), new Output.Audit(refusal), record.timestamp()));
            store.put(command.instanceId(), seen);
            return;
        }
        InstanceDecision decision = decider.operator(state, pin, command.fifo(), command.actor(), command.reason(),
                command.commandId(), command.issuedAt());
        emitDecision(record.timestamp(), decision);
        GuestState after = seen.withPolicy(decision.policy());
        if (!pin) {
            // Facts that arose while pinned were audited then; now they get their directive at once.
            List<Finding> standing = new ArrayList<>(
                    GuestDetectors.standing(after, !hosts.fifoCapableProfiles().isEmpty()));
            familyDenials.findingFor(after).ifPresent(standing::add);
            after = decided(after, standing, command.issuedAt(), record.timestamp());
        }
        store.put(command.instanceId(), after);
    }

    /** Decides on the findings and emits the new version, if any; returns the guest with its policy. */
    private GuestState decided(GuestState guest, List<Finding> findings, long at, long timestamp) {
        InstanceDecision decision = decider.decide(guest, findings, at).orElse(null);
        if (decision == null) {
            return guest;
        }
        emitDecision(timestamp, decision);
        return guest.withPolicy(decision.policy());
    }

    private void emitDecision(long timestamp, InstanceDecision decision) {
        GuestOutputs.decision(context(), timestamp, decision);
    }

    private void deadLetter(Record<String, GuestInput> record, GuestInput.Event input, String reason) {
        REJECTED.increment();
        context().forward(new Record<>(input.source().topic(), new Output.Dead(DeadLetterFactory.invalid(
                input.source(), reason, DeadLetterFactory.COMPONENT_GUEST, record.timestamp())), record.timestamp()));
    }

    private GuestState stateOf(String key) {
        GuestState state = store.get(key);
        return state == null ? GuestState.empty(key) : state;
    }
}
