package io.fleetcompat.agent.events;

import io.fleetcompat.agent.events.Values.Controls;
import io.fleetcompat.agent.events.Values.Flags;
import io.fleetcompat.agent.events.Values.Kernel;
import io.fleetcompat.agent.events.Values.PolicyRef;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.CreateRefusalReason;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.ResumeFailureSymptom;

/**
 * A lifecycle step of a guest on this host, as the toolstack (or the model's observer) reports it; one
 * record per fleet.events record type, without the header, which the emitter adds. Fields mean what the
 * same-named fields of the .avsc files mean; a nullable field is null exactly where the schema allows null.
 * Every step is keyed by its guest's {@link #instanceId()} on fleet.events.
 */
public sealed interface LifecycleStep {

    /** The guest id: the Kafka key. */
    String instanceId();

    /**
     * @param policy           the directive that decided the flags; null when defaults (or the edge fail-safe) did
     * @param imageId          the image a resume from hibernation boots into; null for other creates
     * @param imageShutdownAbi for a resume, the ABI the domain ran when it shut down into the image; UNKNOWN otherwise
     */
    record DomainCreated(String instanceId, int domid, Kernel kernel, Flags requested, Flags granted,
                         Controls controls, PolicyRef policy, CreateKind createKind, String imageId,
                         EvtchnAbi imageShutdownAbi, EdgeFailsafeOutcome edgeFailsafe) implements LifecycleStep {
    }

    /** @param rc the create call's result when it was made; null when refused before calling Xen */
    record DomainCreateRefused(String instanceId, CreateKind createKind, Flags requested, Controls controls,
                               CreateRefusalReason reason, Integer rc, String detail, PolicyRef policy)
            implements LifecycleStep {
    }

    /** @param initControlRc EVTCHNOP_init_control's rc when the kernel tried FIFO; null otherwise */
    record GuestBooted(String instanceId, int domid, EvtchnAbi abi, Integer initControlRc, String kernelLogLine)
            implements LifecycleStep {
    }

    record GuestHibernated(String instanceId, int domid, String imageId, EvtchnAbi imageAbi) implements LifecycleStep {
    }

    record GuestResumed(String instanceId, int domid, String imageId, EvtchnAbi bootKernelAbi, EvtchnAbi imageAbi,
                        EvtchnAbi xenAbi, boolean healthy) implements LifecycleStep {
    }

    record GuestResumeFailed(String instanceId, int domid, String imageId, ResumeFailureSymptom symptom,
                             EvtchnAbi imageAbi, EvtchnAbi xenAbi, long upcallsCounted, long eventsSent,
                             long eventsHandled, String detail) implements LifecycleStep {
    }

    record DomainSaved(String instanceId, int domid, String checkpointId, EvtchnAbi abi, Controls controls)
            implements LifecycleStep {
    }

    /** @param sourceHostId the host the checkpoint came from, null when this host */
    record DomainRestored(String instanceId, int domid, String checkpointId, String sourceHostId, EvtchnAbi abi,
                          Controls controls) implements LifecycleStep {
    }

    record DomainMigrated(String instanceId, int domid, String destinationHostId, Integer destinationDomid,
                          EvtchnAbi abi, Controls carriedControls) implements LifecycleStep {
    }

    record DomainDestroyed(String instanceId, int domid, DestroyReason reason) implements LifecycleStep {
    }
}
