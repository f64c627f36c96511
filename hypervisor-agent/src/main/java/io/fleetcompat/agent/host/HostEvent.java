package io.fleetcompat.agent.host;

import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.CreateRefusalReason;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.ResumeFailureSymptom;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * What a host's toolstack reports, one record per fleet.events record type with the same fields (camelCase,
 * Optional for nullable ones). The event layer adds the header's event id, sequence and agent version; the
 * header's host fields come from {@link #host()} and its event time from {@link #eventTimeMillis()}.
 */
public sealed interface HostEvent {

    HostIdentity host();

    long eventTimeMillis();

    /** The guest the event is about, the fleet.events key; empty for the control domain's hypercalls and acks. */
    Optional<String> subject();

    /**
     * @param imageId            for a resume from hibernation, the image resumed
     * @param imageShutdownAbi   for a resume, the ABI the domain ran at Xen when it shut down into the image
     * @param edgeFailsafe       what the edge fail-safe did (DENIED_FIFO: the agent, not a directive, decided)
     */
    record DomainCreated(HostIdentity host, long eventTimeMillis, String instanceId, int domid,
                         KernelDescriptor kernel, FlagSet requestedFlags, FlagSet grantedFlags, Controls controls,
                         Optional<PolicyRef> policy, CreateKind createKind, Optional<String> imageId,
                         EvtchnAbi imageShutdownAbi, EdgeFailsafeOutcome edgeFailsafe) implements HostEvent {
        public Optional<String> subject() {
            return Optional.of(instanceId);
        }
    }

    record GuestBooted(HostIdentity host, long eventTimeMillis, String instanceId, int domid, EvtchnAbi abi,
                       OptionalInt initControlRc, String kernelLogLine) implements HostEvent {
        public Optional<String> subject() {
            return Optional.of(instanceId);
        }
    }

    record GuestHibernated(HostIdentity host, long eventTimeMillis, String instanceId, int domid, String imageId,
                           EvtchnAbi imageAbi) implements HostEvent {
        public Optional<String> subject() {
            return Optional.of(instanceId);
        }
    }

    record GuestResumed(HostIdentity host, long eventTimeMillis, String instanceId, int domid, String imageId,
                        EvtchnAbi bootKernelAbi, EvtchnAbi imageAbi, EvtchnAbi xenAbi, boolean healthy)
            implements HostEvent {
        public Optional<String> subject() {
            return Optional.of(instanceId);
        }
    }

    record GuestResumeFailed(HostIdentity host, long eventTimeMillis, String instanceId, int domid,
                             Optional<String> imageId, ResumeFailureSymptom symptom, EvtchnAbi imageAbi,
                             EvtchnAbi xenAbi, long upcallsCounted, long eventsSent, long eventsHandled,
                             Optional<String> detail) implements HostEvent {
        public Optional<String> subject() {
            return Optional.of(instanceId);
        }
    }

    record DomainSaved(HostIdentity host, long eventTimeMillis, String instanceId, int domid, String checkpointId,
                       EvtchnAbi abi, Controls controls) implements HostEvent {
        public Optional<String> subject() {
            return Optional.of(instanceId);
        }
    }

    record DomainRestored(HostIdentity host, long eventTimeMillis, String instanceId, int domid,
                          String checkpointId, Optional<String> sourceHostId, EvtchnAbi abi, Controls controls)
            implements HostEvent {
        public Optional<String> subject() {
            return Optional.of(instanceId);
        }
    }

    record DomainMigrated(HostIdentity host, long eventTimeMillis, String instanceId, int domid,
                          String destinationHostId, OptionalInt destinationDomid, EvtchnAbi abi,
                          Controls carriedControls) implements HostEvent {
        public Optional<String> subject() {
            return Optional.of(instanceId);
        }
    }

    record DomainDestroyed(HostIdentity host, long eventTimeMillis, String instanceId, int domid,
                           DestroyReason reason) implements HostEvent {
        public Optional<String> subject() {
            return Optional.of(instanceId);
        }
    }

    record DomainCreateRefused(HostIdentity host, long eventTimeMillis, String instanceId, CreateKind createKind,
                               FlagSet requestedFlags, Controls controls, CreateRefusalReason reason,
                               OptionalInt rc, String detail, Optional<PolicyRef> policy) implements HostEvent {
        public Optional<String> subject() {
            return Optional.of(instanceId);
        }
    }

    /** {@code arguments} are the IN fields by Xen's names, in name order. */
    record HypercallResult(HostIdentity host, long eventTimeMillis, Optional<String> instanceId, int domid,
                           int hypercallNumber, String hypercallName, int commandNumber, String commandName,
                           long rc, Optional<String> errnoName, OptionalInt vcpu, Map<String, Long> arguments)
            implements HostEvent {
        public HypercallResult {
            arguments = Collections.unmodifiableMap(new TreeMap<>(arguments));
        }

        public Optional<String> subject() {
            return instanceId;
        }
    }

    /** The PolicyAck of one create under a directive; {@code domain} is empty when the create was refused. */
    record PolicyAck(HostIdentity host, long eventTimeMillis, AppliedPolicy policy, AckOutcome outcome,
                     Optional<AckRejectReason> rejectReason, Optional<String> detail, Optional<DomainRef> domain,
                     Optional<Controls> appliedControls) implements HostEvent {
        public Optional<String> subject() {
            return domain.map(DomainRef::instanceId);
        }
    }

    /** The Avro DomainRef: the domain a directive was applied to. */
    record DomainRef(String hostId, int domid, String instanceId) {
    }
}
