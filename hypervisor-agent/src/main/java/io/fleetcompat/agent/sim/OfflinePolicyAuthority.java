package io.fleetcompat.agent.sim;

import io.fleetcompat.agent.host.AppliedPolicy;
import io.fleetcompat.agent.host.Controls;
import io.fleetcompat.agent.host.HostEvent;
import io.fleetcompat.agent.host.HostEventListener;
import io.fleetcompat.agent.host.InMemoryPolicyLookup;
import io.fleetcompat.rules.cohort.ControlGroup;
import io.fleetcompat.rules.detect.ResumeHazard;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.PolicyMode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * fleet-stream's predictive decision without Kafka, for the simulator's offline mode: when a guest hibernates into
 * an image that would hang on resume ({@link ResumeHazard}, the rule fleet-stream asks), issue an ENFORCE directive
 * denying it FIFO at the resume of that image (scope RESUME_OF_IMAGE, as fleet-stream's), unless it is in the
 * control group. It must see events synchronously, before the guest's next create.
 */
public final class OfflinePolicyAuthority implements HostEventListener {

    private final InMemoryPolicyLookup table;
    private final ControlGroup controlGroup;
    private final boolean fleetOffersFifo;
    private final Set<String> fifoAware = new HashSet<>();
    private final Map<String, Long> versions = new HashMap<>();
    private int issued;

    /**
     * @param fleetOffersFifo the simulated fleet has a FIFO-capable host (fleet-stream learns it from the hosts'
     *                        heartbeats, which every simulated host sends at start)
     */
    public OfflinePolicyAuthority(InMemoryPolicyLookup table, ControlGroup controlGroup, boolean fleetOffersFifo) {
        this.table = table;
        this.controlGroup = controlGroup;
        this.fleetOffersFifo = fleetOffersFifo;
    }

    @Override
    public void onEvent(HostEvent event) {
        if (event instanceof HostEvent.DomainCreated created) {
            if (created.kernel().fifoAware() && created.kernel().fifoEvents()) {
                fifoAware.add(created.instanceId());
            }
        } else if (event instanceof HostEvent.GuestHibernated h) {
            if (ResumeHazard.wouldHang(h.imageAbi(), fifoAware.contains(h.instanceId()), fleetOffersFifo)
                    && !controlGroup.contains(h.instanceId())) {
                long version = versions.merge(h.instanceId(), 1L, Long::sum);
                table.put(new AppliedPolicy(InMemoryPolicyLookup.instanceKey(h.instanceId()), version,
                        PolicyMode.ENFORCE, Controls.DENY_FIFO, DirectiveScope.RESUME_OF_IMAGE, h.imageId()));
                issued++;
            }
        }
    }

    public int directivesIssued() {
        return issued;
    }
}
