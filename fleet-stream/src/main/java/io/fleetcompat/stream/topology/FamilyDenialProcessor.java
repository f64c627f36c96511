package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.guest.GuestState;
import io.fleetcompat.rules.guest.GuestStep;
import io.fleetcompat.rules.guest.PendingFifoImage;
import io.fleetcompat.rules.guest.StepResult;
import io.fleetcompat.rules.policy.FamilyDenial;
import io.fleetcompat.rules.policy.FamilyDenials;
import io.fleetcompat.rules.policy.FamilyDirectiveView;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A family directive, as every guest task receives it: kept in the task's copy of the family denials (which the
 * guest steps read when a guest hibernates), and, when it denies evtchn_fifo, handed to the guest step of each guest
 * of the task already hibernated with a FIFO image of that kernel family ({@link GuestStep#onFamilyDenial}), so
 * the permit goes out before the guest's resume meets the denial. Shares {@code guest-state-store} with the guest
 * processor (so it runs in the guest processor's tasks), and with it the guests' directive versions.
 */
final class FamilyDenialProcessor extends ContextualProcessor<String, FamilyDirectiveView, String, Output> {

    private final GuestStep step;
    private KeyValueStore<String, GuestState> guests;
    private FamilyDenialStore familyDenials;
    private GuestIndexes indexes;

    FamilyDenialProcessor(FleetStreamConfig config) {
        this.step = new GuestStep(config.guest());
    }

    @Override
    public void init(ProcessorContext<String, Output> context) {
        super.init(context);
        guests = context.getStateStore(Names.GUEST_STATE_STORE);
        familyDenials = new FamilyDenialStore(context.getStateStore(Names.FAMILY_DENIALS_STORE));
        indexes = GuestIndexes.of(context);
    }

    @Override
    public void process(Record<String, FamilyDirectiveView> record) {
        FamilyDirectiveView directive = record.value();
        Optional<FamilyDenial> next = FamilyDenials.next(familyDenials.held(directive.familyKey()), directive);
        if (next.isEmpty()) {
            return;
        }
        familyDenials.hold(next.get());
        if (!directive.deniesFifo()) {
            return;
        }
        // Every denying version looks (not only the first): the index is small, and a guest unpinned since is caught.
        for (PendingFifoImage listed : indexes.fifoImages().of(directive.kernelFamily())) {
            StepResult<GuestState> result = step.onFamilyDenial(guests.get(listed.instanceId()),
                    directive.kernelFamily(), listed, familyDenials);
            if (result.stateChanged()) {
                guests.put(listed.instanceId(), result.state());
            }
            GuestOutputs.emit(context(), result.outputs(), record.timestamp(), indexes, null);
        }
    }
}
