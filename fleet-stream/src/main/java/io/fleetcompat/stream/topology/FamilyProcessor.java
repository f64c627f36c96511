package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.rules.rollout.FamilyState;
import io.fleetcompat.rules.rollout.RolloutRecords;
import io.fleetcompat.rules.rollout.RolloutStateMachine;
import io.fleetcompat.rules.rollout.RolloutStep;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per kernel family x Xen profile: evidence, escalation and the rollout state machine. Reads and writes
 * {@code family-state-store}; emits family directives, rollout states and audit records.
 */
final class FamilyProcessor extends ContextualProcessor<String, FamilyInput, String, Output> {

    private final FleetStreamConfig config;
    private final RolloutStateMachine machine;
    private KeyValueStore<String, FamilyState> store;

    FamilyProcessor(FleetStreamConfig config) {
        this.config = config;
        this.machine = new RolloutStateMachine(config.rollout());
    }

    @Override
    public void init(ProcessorContext<String, Output> context) {
        super.init(context);
        store = context.getStateStore(Names.FAMILY_STATE_STORE);
    }

    @Override
    public void process(Record<String, FamilyInput> record) {
        FamilyState state = store.get(record.key());
        if (state == null) {
            state = FamilyState.empty(record.key());
        }
        RolloutStep step;
        if (record.value() instanceof FamilyInput.Signal s) {
            step = machine.onSignal(state, s.signal());
        } else if (record.value() instanceof FamilyInput.Command c) {
            step = machine.onCommand(state, c.command());
        } else {
            return;
        }
        store.put(record.key(), step.state());
        for (PolicyDirective directive : step.directives()) {
            context().forward(new Record<>(record.key(), new Output.Directive(directive), record.timestamp()));
        }
        for (AuditRecord audit : step.audits()) {
            context().forward(new Record<>(audit.getSubject(), new Output.Audit(audit), record.timestamp()));
        }
        if (step.rolloutChanged() && step.state().rollout() != null) {
            context().forward(new Record<>(step.state().rollout().rolloutId(),
                    new Output.Rollout(RolloutRecords.state(step.state().rollout(), config.requiredCreates())),
                    record.timestamp()));
        }
    }
}
