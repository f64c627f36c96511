package io.fleetcompat.agent.sim;

import io.fleetcompat.agent.host.Controls;
import io.fleetcompat.agent.host.HostEvent;
import io.fleetcompat.agent.host.HostEventListener;
import io.fleetcompat.agent.host.InMemoryPolicyLookup;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.PolicyMode;

import java.util.HashSet;
import java.util.Set;

/**
 * fleet-stream's core decision without Kafka, for the simulator's offline mode: when a FIFO-aware guest
 * hibernates with a 2-level image, issue an ENFORCE directive denying it FIFO, unless it is in the control
 * group. It must see events synchronously, before the guest's next create.
 */
public final class OfflinePolicyAuthority implements HostEventListener {

    private final InMemoryPolicyLookup table;
    private final ControlGroup controlGroup;
    private final Set<String> fifoAware = new HashSet<>();
    private final Set<String> denied = new HashSet<>();

    public OfflinePolicyAuthority(InMemoryPolicyLookup table, ControlGroup controlGroup) {
        this.table = table;
        this.controlGroup = controlGroup;
    }

    @Override
    public void onEvent(HostEvent event) {
        if (event instanceof HostEvent.DomainCreated) {
            HostEvent.DomainCreated created = (HostEvent.DomainCreated) event;
            if (created.kernel().fifoAware() && created.kernel().fifoEvents()) {
                fifoAware.add(created.instanceId());
            }
        } else if (event instanceof HostEvent.GuestHibernated) {
            HostEvent.GuestHibernated h = (HostEvent.GuestHibernated) event;
            if (h.imageAbi() == EvtchnAbi.TWO_LEVEL && fifoAware.contains(h.instanceId())
                    && !controlGroup.contains(h.instanceId()) && denied.add(h.instanceId())) {
                table.putInstance(h.instanceId(), 1, PolicyMode.ENFORCE, Controls.DENY_FIFO);
            }
        }
    }

    public int directivesIssued() {
        return denied.size();
    }
}
