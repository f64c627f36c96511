package io.fleetcompat.agent.bridge;

import io.fleetcompat.agent.events.LifecycleStep;
import io.fleetcompat.agent.events.Values;
import io.fleetcompat.agent.host.Controls;
import io.fleetcompat.agent.host.FlagSet;
import io.fleetcompat.agent.host.HostEvent;
import io.fleetcompat.agent.host.KernelDescriptor;
import io.fleetcompat.agent.host.PolicyRef;
import java.util.OptionalInt;

/**
 * A toolstack lifecycle record as the event layer's {@link LifecycleStep}, field by field (both mirror the same
 * .avsc): Optional becomes null where the schema allows null, and the model-side values (flags, controls,
 * kernel, policy ref) become the event layer's {@link Values}. Host and event time travel separately.
 */
public final class LifecycleSteps {

    private LifecycleSteps() {
    }

    /** @throws IllegalArgumentException for a hypercall result or a policy ack, which are not lifecycle steps */
    public static LifecycleStep of(HostEvent event) {
        if (event instanceof HostEvent.DomainCreated e) {
            return new LifecycleStep.DomainCreated(e.instanceId(), e.domid(), kernel(e.kernel()),
                    flags(e.requestedFlags()), flags(e.grantedFlags()), controls(e.controls()),
                    e.policy().map(LifecycleSteps::policy).orElse(null), e.createKind(), e.imageId().orElse(null),
                    e.imageShutdownAbi(), e.edgeFailsafe());
        } else if (event instanceof HostEvent.DomainCreateRefused e) {
            return new LifecycleStep.DomainCreateRefused(e.instanceId(), e.createKind(), flags(e.requestedFlags()),
                    controls(e.controls()), e.reason(), boxed(e.rc()), e.detail(),
                    e.policy().map(LifecycleSteps::policy).orElse(null));
        } else if (event instanceof HostEvent.GuestBooted e) {
            return new LifecycleStep.GuestBooted(e.instanceId(), e.domid(), e.abi(), boxed(e.initControlRc()),
                    e.kernelLogLine());
        } else if (event instanceof HostEvent.GuestHibernated e) {
            return new LifecycleStep.GuestHibernated(e.instanceId(), e.domid(), e.imageId(), e.imageAbi());
        } else if (event instanceof HostEvent.GuestResumed e) {
            return new LifecycleStep.GuestResumed(e.instanceId(), e.domid(), e.imageId(), e.bootKernelAbi(),
                    e.imageAbi(), e.xenAbi(), e.healthy());
        } else if (event instanceof HostEvent.GuestResumeFailed e) {
            return new LifecycleStep.GuestResumeFailed(e.instanceId(), e.domid(), e.imageId().orElse(null),
                    e.symptom(), e.imageAbi(), e.xenAbi(), e.upcallsCounted(), e.eventsSent(), e.eventsHandled(),
                    e.detail().orElse(null));
        } else if (event instanceof HostEvent.DomainSaved e) {
            return new LifecycleStep.DomainSaved(e.instanceId(), e.domid(), e.checkpointId(), e.abi(),
                    controls(e.controls()));
        } else if (event instanceof HostEvent.DomainRestored e) {
            return new LifecycleStep.DomainRestored(e.instanceId(), e.domid(), e.checkpointId(),
                    e.sourceHostId().orElse(null), e.abi(), controls(e.controls()));
        } else if (event instanceof HostEvent.DomainMigrated e) {
            return new LifecycleStep.DomainMigrated(e.instanceId(), e.domid(), e.destinationHostId(),
                    boxed(e.destinationDomid()), e.abi(), controls(e.carriedControls()));
        } else if (event instanceof HostEvent.DomainDestroyed e) {
            return new LifecycleStep.DomainDestroyed(e.instanceId(), e.domid(), e.reason());
        }
        throw new IllegalArgumentException("not a lifecycle record: " + event.getClass().getSimpleName());
    }

    static Values.Controls controls(Controls controls) {
        return new Values.Controls(controls.evtchnFifo(), controls.evtchnUpcall());
    }

    private static Values.Flags flags(FlagSet flags) {
        return new Values.Flags(flags.names(), flags.bitmask());
    }

    private static Values.Kernel kernel(KernelDescriptor k) {
        return new Values.Kernel(k.name(), k.family(), k.version(), k.fifoAware(), k.fifoEvents(),
                k.usesUpcallVector());
    }

    private static Values.PolicyRef policy(PolicyRef ref) {
        return new Values.PolicyRef(ref.policyKey(), ref.version());
    }

    static Integer boxed(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }
}
