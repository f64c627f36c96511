package io.fleetcompat.agent.events;

import io.fleetcompat.agent.outbox.AppendResult;
import io.fleetcompat.agent.outbox.Outbox;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.EventHeader;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AgentEventSink} of one host: builds each Avro event around the sequence the outbox assigns,
 * and raises the "outbox full" alarm (a HostStatus, in the outbox's reserve) the first time this host is
 * refused in an episode. Also writes the host's heartbeats.
 */
public final class HostEventEmitter implements AgentEventSink {

    private static final Logger LOG = LoggerFactory.getLogger(HostEventEmitter.class);

    private final Outbox outbox;
    private final EventHeaderFactory headers;
    private final HypercallSampler sampler;
    private final Supplier<HostInventory> inventory;
    private final SingleObjectCodec codec = SingleObjectCodec.standard();

    /** @param inventory what a heartbeat or alarm reports about the host, read at the time it is written */
    public HostEventEmitter(Outbox outbox, EventHeaderFactory headers, HypercallSampler sampler,
                            Supplier<HostInventory> inventory) {
        this.outbox = outbox;
        this.headers = headers;
        this.sampler = sampler;
        this.inventory = inventory;
    }

    @Override
    public HostIdentity host() {
        return headers.host();
    }

    @Override
    public EmitResult lifecycle(LifecycleStep step) {
        return lifecycle(step, null);
    }

    @Override
    public EmitResult lifecycle(LifecycleStep step, Instant eventTime) {
        return emit(Topics.EVENTS.name(), step.instanceId(), eventTime,
                header -> EventRecords.lifecycle(step, header));
    }

    @Override
    public EmitResult hypercall(HypercallOutcome outcome) {
        return hypercall(outcome, null);
    }

    @Override
    public synchronized EmitResult hypercall(HypercallOutcome outcome, Instant eventTime) {
        if (!sampler.shouldSend(outcome)) {
            return new EmitResult.SampledOut();
        }
        String key = outcome.instanceId() == null ? host().hostId() : outcome.instanceId();
        return emit(Topics.EVENTS.name(), key, eventTime, header -> EventRecords.hypercall(outcome, header));
    }

    @Override
    public EmitResult policyAck(PolicyAckStep ack) {
        return policyAck(ack, null);
    }

    @Override
    public EmitResult policyAck(PolicyAckStep ack, Instant eventTime) {
        return emit(Topics.EVENTS.name(), ack.key(), eventTime, header -> EventRecords.policyAck(ack, header));
    }

    /** A HostStatus heartbeat on fleet.hosts, keyed by host id. */
    public EmitResult heartbeat() {
        HostInventory now = inventory.get();
        return emit(Topics.HOSTS.name(), host().hostId(), null,
                header -> EventRecords.hostStatus(now, header, outbox.refusedCount(host().hostId())));
    }

    /** @param eventTime when the event happened; null stamps the time of the append */
    private EmitResult emit(String topic, String key, Instant eventTime, Function<EventHeader, SpecificRecord> build) {
        AppendResult result = outbox.append(host().hostId(), topic, key, sequence -> codec.encode(build.apply(
                eventTime == null ? headers.header(sequence) : headers.header(sequence, eventTime))));
        if (result instanceof AppendResult.Appended appended) {
            return new EmitResult.Queued(appended.sequence());
        }
        // The outbox counts the refusal (persisted, so every later HostStatus reports it, across restarts too).
        AppendResult.Rejected rejected = (AppendResult.Rejected) result;
        LOG.error("Outbox refused a {} event of host {}: {} ({} of {} bytes retained)", topic, host().hostId(),
                rejected.reason(), rejected.retainedBytes(), rejected.limitBytes());
        if (rejected.alarmDue()) {
            raiseOutboxFullAlarm(rejected);
        }
        return new EmitResult.Refused(rejected);
    }

    private void raiseOutboxFullAlarm(AppendResult.Rejected rejected) {
        HostInventory now = inventory.get();
        AppendResult alarm = outbox.appendAlarm(host().hostId(), Topics.HOSTS.name(), host().hostId(),
                sequence -> codec.encode(EventRecords.outboxFullAlarm(now, headers.header(sequence),
                        outbox.refusedCount(host().hostId()), rejected.retainedBytes(), rejected.limitBytes())));
        if (!alarm.isAppended()) {
            LOG.error("Outbox full alarm of host {} could not be queued either: {}", host().hostId(), alarm);
        }
    }
}
