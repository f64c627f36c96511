package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.stream.detect.Finding;
import io.fleetcompat.stream.policy.FamilyDirectiveView;
import io.fleetcompat.stream.policy.InstanceDecision;
import io.fleetcompat.stream.policy.InstancePolicyDecider;
import io.fleetcompat.stream.state.GuestState;
import io.fleetcompat.stream.state.PendingFifoImage;
import java.util.List;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A family directive, as every guest task receives it: kept in the task's copy of the family denials (which the
 * guest processor reads when a guest hibernates), and, when it denies evtchn_fifo, answered with an instance
 * permit for each guest of the task already hibernated with a FIFO image of that kernel family, before the
 * guest's resume meets the denial. Shares {@code guest-state-store} with the guest processor (so it runs in the
 * guest processor's tasks), and with it the guests' directive versions.
 */
final class FamilyDenialProcessor extends ContextualProcessor<String, FamilyDirectiveView, String, Output> {

    private final InstancePolicyDecider decider;
    private KeyValueStore<String, GuestState> guests;
    private FamilyDenials familyDenials;
    private FifoImageIndex fifoImages;

    FamilyDenialProcessor(FleetStreamConfig config) {
        this.decider = new InstancePolicyDecider(config.instanceMode());
    }

    @Override
    public void init(ProcessorContext<String, Output> context) {
        super.init(context);
        guests = context.getStateStore(Names.GUEST_STATE_STORE);
        familyDenials = new FamilyDenials(context.getStateStore(Names.FAMILY_DENIALS_STORE));
        fifoImages = new FifoImageIndex(context.getStateStore(Names.FIFO_IMAGES_STORE));
    }

    @Override
    public void process(Record<String, FamilyDirectiveView> record) {
        FamilyDirectiveView directive = record.value();
        if (!familyDenials.apply(directive) || !directive.deniesFifo()) {
            return;
        }
        // Every denying version looks (not only the first): the index is small, and a guest unpinned since is caught.
        for (PendingFifoImage pending : fifoImages.of(directive.kernelFamily())) {
            GuestState guest = guests.get(pending.instanceId());
            if (guest == null || guest.image() == null || !guest.image().eventId().equals(pending.imageEventId())) {
                fifoImages.remove(directive.kernelFamily(), pending.instanceId());
                continue;
            }
            if (guest.policy() != null && guest.policy().evtchnFifo() == ControlSetting.PERMIT) {
                continue;
            }
            Finding finding = familyDenials.findingFor(guest).orElse(null);
            if (finding == null) {
                continue;
            }
            long at = familyDenials.permitAt(guest);
            if (!pending.audited()) {
                // A pinned guest is never permitted, so it meets every denying version: its finding is audited once.
                GuestOutputs.audits(context(), guest, List.of(finding), at, record.timestamp());
                fifoImages.markAudited(directive.kernelFamily(), guest.instanceId());
            }
            InstanceDecision decision = decider.decide(guest, List.of(finding), at).orElse(null);
            if (decision != null) {
                guests.put(guest.instanceId(), guest.withPolicy(decision.policy()));
                GuestOutputs.decision(context(), record.timestamp(), decision);
            }
        }
    }
}
