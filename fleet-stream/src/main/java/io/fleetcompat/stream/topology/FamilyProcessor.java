package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.rollout.FamilyState;
import io.fleetcompat.rules.rollout.RolloutRecords;
import io.fleetcompat.rules.rollout.RolloutStateMachine;
import io.fleetcompat.rules.rollout.RolloutStep;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.PolicyDirective;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per kernel family x Xen profile: loads the family's state, calls the rollout state machine (evidence, escalation,
 * waves, gates, operator commands, the waves' progress deadline on a wall-clock punctuation), stores it and forwards
 * family directives, rollout states and audit records.
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
        Duration deadline = config.rollout().waveDeadline();
        if (!deadline.isZero()) {
            // Families are few: each tick looks at them all. A tenth of the deadline, within [1 s, 1 min].
            Duration tick = Duration.ofMillis(Math.max(1_000, Math.min(60_000, deadline.toMillis() / 10)));
            context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::tick);
        }
    }

    @Override
    public void process(Record<String, FamilyInput> record) {
        FamilyState state = store.get(record.key());
        if (state == null) {
            state = FamilyState.empty(record.key());
        }
        long clock = context().currentSystemTimeMs();
        RolloutStep step;
        if (record.value() instanceof FamilyInput.Signal s) {
            step = machine.onSignal(state, s.signal(), clock);
        } else if (record.value() instanceof FamilyInput.Command c) {
            step = machine.onCommand(state, c.command(), clock);
        } else {
            return;
        }
        done(record.key(), step, record.timestamp());
    }

    private void tick(long now) {
        List<FamilyState> families = new ArrayList<>();
        try (KeyValueIterator<String, FamilyState> all = store.all()) {
            all.forEachRemaining(entry -> families.add(entry.value));
        }
        for (FamilyState family : families) {
            RolloutStep step = machine.onTick(family, now);
            if (step.rolloutChanged()) {
                done(family.familyKey(), step, now);
            }
        }
    }

    private void done(String familyKey, RolloutStep step, long timestamp) {
        store.put(familyKey, step.state());
        for (PolicyDirective directive : step.directives()) {
            context().forward(new Record<>(familyKey, new Output.Directive(directive), timestamp));
        }
        for (AuditRecord audit : step.audits()) {
            context().forward(new Record<>(audit.getSubject(), new Output.Audit(audit), timestamp));
        }
        if (step.rolloutChanged() && step.state().rollout() != null) {
            context().forward(new Record<>(step.state().rollout().rolloutId(),
                    new Output.Rollout(RolloutRecords.state(step.state().rollout(), config.requiredCreates())),
                    timestamp));
        }
    }
}
