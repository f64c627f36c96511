package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.guest.GuestEvents;
import io.fleetcompat.rules.guest.GuestState;
import io.fleetcompat.rules.guest.GuestStep;
import io.fleetcompat.rules.guest.HostSequences;
import io.fleetcompat.rules.guest.Parking;
import io.fleetcompat.rules.guest.StepResult;
import io.fleetcompat.schema.EventHeaders;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.stream.errors.SourceBytes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Per guest: loads the guest's state, calls its pure step ({@link GuestStep}: parking, validation, dedup, fold,
 * detection, family denials, decision), stores what changed and forwards the outputs keyed for their topics. Owns
 * {@code guest-state-store}, {@code guestless-sequences-store}, {@code parked-events-store} and the task's index of
 * FIFO images ({@code fifo-images-store}); reads the task's copy of the family denials
 * ({@code family-denials-store}) and the global {@code known-hosts-store}.
 */
final class GuestProcessor extends ContextualProcessor<String, GuestInput, String, Output> {

    private static final Counter DUPLICATES = Metrics.counter("fleet_stream_duplicates_dropped");
    private static final Counter PARKED = Metrics.counter("fleet_stream_events_parked_for_unknown_host");
    private static final Counter PARKED_RELEASED = Metrics.counter("fleet_stream_parked_events_released");
    private static final Duration PARKED_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Duration PIN_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final FleetStreamConfig config;
    private final GuestStep step;
    private final FifoCapableProfiles fifoCapable;
    private final Deserializer<SpecificRecord> eventDecoder = Topics.EVENTS.valueSerde().deserializer();
    private KeyValueStore<String, GuestState> store;
    private KeyValueStore<String, HostSequences> guestlessSequences;
    private KeyValueStore<String, ParkedEvents> parked;
    private FamilyDenialStore familyDenials;
    private GuestIndexes indexes;
    private HostDirectory hosts;
    private PredictiveSweep sweep;

    GuestProcessor(FleetStreamConfig config, FifoCapableProfiles fifoCapable) {
        this.config = config;
        this.fifoCapable = fifoCapable;
        this.step = new GuestStep(config.guest());
    }

    @Override
    public void init(ProcessorContext<String, Output> context) {
        super.init(context);
        store = context.getStateStore(Names.GUEST_STATE_STORE);
        guestlessSequences = context.getStateStore(Names.GUESTLESS_SEQUENCES_STORE);
        familyDenials = new FamilyDenialStore(context.getStateStore(Names.FAMILY_DENIALS_STORE));
        indexes = GuestIndexes.of(context);
        ReadOnlyKeyValueStore<String, HostStatus> known = context.getStateStore(Names.KNOWN_HOSTS_STORE);
        hosts = new HostDirectory(known, fifoCapable);
        sweep = new PredictiveSweep(config.sweepBatch());
        context.schedule(config.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweepHibernatedGuests);
        parked = context.getStateStore(Names.PARKED_EVENTS_STORE);
        context.schedule(PARKED_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::releaseParked);
        context.schedule(PIN_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::liftExpiredPins);
    }

    @Override
    public void process(Record<String, GuestInput> record) {
        if (record.value() instanceof GuestInput.Command c) {
            GuestState before = stateOf(c.command().instanceId());
            StepResult<GuestState> result = step.onCommand(before, c.command(), hosts, familyDenials);
            done(c.command().instanceId(), result, record.timestamp(), null);
        } else if (record.value() instanceof GuestInput.Event e) {
            onEvent(record, e);
        }
    }

    private void onEvent(Record<String, GuestInput> record, GuestInput.Event input) {
        SpecificRecord event = input.event();
        String key = record.key();
        boolean waiting = parked.get(key) != null;
        StepResult<?> result;
        if (GuestEvents.instanceIdOf(event) == null) {
            HostSequences seen = guestlessSequences.get(key);
            StepResult<HostSequences> r = step.onGuestlessEvent(seen == null ? HostSequences.EMPTY : seen, key, event,
                    waiting, hosts);
            if (r.stateChanged()) {
                guestlessSequences.put(key, r.state());
            }
            result = r;
        } else {
            StepResult<GuestState> r = step.onEvent(stateOf(key), key, event, waiting, hosts, familyDenials);
            if (r.disposition() == StepResult.Disposition.APPLIED) {
                hosts.learn(EventHeaders.headerOf(event).orElseThrow());
            }
            if (r.stateChanged()) {
                store.put(key, r.state());
            }
            result = r;
        }
        switch (result.disposition()) {
            case PARKED -> park(record, input);
            case DUPLICATE -> DUPLICATES.increment();
            default -> {
            }
        }
        GuestOutputs.emit(context(), result.outputs(), record.timestamp(), indexes, input.source());
    }

    /** Stores the guest's state if the step changed it, and carries out its outputs. */
    private void done(String guestId, StepResult<GuestState> result, long timestamp, SourceBytes source) {
        if (result.stateChanged()) {
            store.put(guestId, result.state());
        }
        GuestOutputs.emit(context(), result.outputs(), timestamp, indexes, source);
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
        Duration grace = config.unknownHostGrace();
        for (String key : keys) {
            List<ParkedEvents.Parked> waiting = parked.get(key).events();
            parked.delete(key);
            for (int i = 0; i < waiting.size(); i++) {
                ParkedEvents.Parked p = waiting.get(i);
                Parking.Verdict verdict = Parking.verdict(hosts.known(p.hostId()), p.parkedAt(), now, grace);
                if (verdict == Parking.Verdict.WAIT) {
                    parked.put(key, new ParkedEvents(waiting.subList(i, waiting.size())));
                    break;
                }
                SourceBytes source = new SourceBytes(p.topic(), p.partition(), p.offset(), p.key(), p.value());
                GuestInput.Event input = new GuestInput.Event(eventDecoder.deserialize(p.topic(), p.value()), source);
                if (verdict == Parking.Verdict.RELEASE) {
                    PARKED_RELEASED.increment();
                    onEvent(new Record<>(key, input, p.timestamp()), input);
                } else {
                    GuestOutputs.deadLetter(context(), source, Parking.expiredReason(p.hostId(), grace), p.timestamp());
                }
            }
        }
    }

    /** Keeps the event, as the bytes it arrived as, behind the guest's other waiting events. */
    private void park(Record<String, GuestInput> record, GuestInput.Event input) {
        EventHeader header = EventHeaders.headerOf(input.event()).orElseThrow();
        ParkedEvents waiting = parked.get(record.key());
        SourceBytes source = input.source();
        ParkedEvents.Parked p = new ParkedEvents.Parked(header.getHostId(), source.topic(), source.partition(),
                source.offset(), source.key(), source.value(), record.timestamp(), context().currentSystemTimeMs());
        parked.put(record.key(), waiting == null ? new ParkedEvents(List.of(p)) : waiting.append(p));
        PARKED.increment();
    }

    /**
     * Decides the hibernated guests the predictive rule could not flag at their events (no FIFO-capable host
     * then), at the punctuation's wall-clock time.
     */
    private void sweepHibernatedGuests(long now) {
        for (GuestState guest : sweep.due(store, !hosts.fifoCapableProfiles().isEmpty())) {
            done(guest.instanceId(), step.onSweep(guest, hosts, now), now, null);
        }
    }

    /** Lifts the pins whose expiry (lift condition AFTER_TIME) is due at the punctuation's wall-clock time. */
    private void liftExpiredPins(long now) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, Long> pins = indexes.pinExpiries().all()) {
            pins.forEachRemaining(pin -> {
                if (pin.value <= now) {
                    due.add(pin.key);
                }
            });
        }
        for (String guestId : due) {
            done(guestId, step.onPinExpiry(stateOf(guestId), now, hosts, familyDenials), now, null);
        }
    }

    private GuestState stateOf(String key) {
        GuestState state = store.get(key);
        return state == null ? GuestState.empty(key) : state;
    }
}
