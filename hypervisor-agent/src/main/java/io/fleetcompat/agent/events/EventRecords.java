package io.fleetcompat.agent.events;

import io.fleetcompat.agent.events.Values.Controls;
import io.fleetcompat.agent.events.Values.Flags;
import io.fleetcompat.agent.events.Values.Kernel;
import io.fleetcompat.agent.events.Values.PolicyRef;
import io.fleetcompat.schema.avro.AgentAlarm;
import io.fleetcompat.schema.avro.CreateFlags;
import io.fleetcompat.schema.avro.DomainRef;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.GuestKernelProfile;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.HypercallResult;
import io.fleetcompat.schema.avro.PolicyAck;
import org.apache.avro.specific.SpecificRecord;

/** Turns neutral steps into the Avro records of the wire contract, with a given header. */
public final class EventRecords {

    private EventRecords() {
    }

    public static SpecificRecord lifecycle(LifecycleStep step, EventHeader header) {
        if (step instanceof LifecycleStep.DomainCreated s) {
            return io.fleetcompat.schema.avro.DomainCreated.newBuilder()
                    .setHeader(header).setInstanceId(s.instanceId()).setDomid(s.domid()).setKernel(kernel(s.kernel()))
                    .setRequestedFlags(flags(s.requested())).setGrantedFlags(flags(s.granted()))
                    .setControls(controls(s.controls())).setPolicyVersion(version(s.policy()))
                    .setPolicyKey(key(s.policy())).setCreateKind(s.createKind()).setImageId(s.imageId())
                    .setImageShutdownAbi(s.imageShutdownAbi()).setEdgeFailsafe(s.edgeFailsafe()).build();
        } else if (step instanceof LifecycleStep.DomainCreateRefused s) {
            return io.fleetcompat.schema.avro.DomainCreateRefused.newBuilder()
                    .setHeader(header).setInstanceId(s.instanceId()).setCreateKind(s.createKind())
                    .setRequestedFlags(flags(s.requested())).setControls(controls(s.controls()))
                    .setReason(s.reason()).setRc(s.rc()).setDetail(s.detail())
                    .setPolicyVersion(version(s.policy())).setPolicyKey(key(s.policy())).build();
        } else if (step instanceof LifecycleStep.GuestBooted s) {
            return io.fleetcompat.schema.avro.GuestBooted.newBuilder()
                    .setHeader(header).setInstanceId(s.instanceId()).setDomid(s.domid()).setAbi(s.abi())
                    .setInitControlRc(s.initControlRc()).setKernelLogLine(s.kernelLogLine()).build();
        } else if (step instanceof LifecycleStep.GuestHibernated s) {
            return io.fleetcompat.schema.avro.GuestHibernated.newBuilder()
                    .setHeader(header).setInstanceId(s.instanceId()).setDomid(s.domid()).setImageId(s.imageId())
                    .setImageAbi(s.imageAbi()).build();
        } else if (step instanceof LifecycleStep.GuestResumed s) {
            return io.fleetcompat.schema.avro.GuestResumed.newBuilder()
                    .setHeader(header).setInstanceId(s.instanceId()).setDomid(s.domid()).setImageId(s.imageId())
                    .setBootKernelAbi(s.bootKernelAbi()).setImageAbi(s.imageAbi()).setXenAbi(s.xenAbi())
                    .setHealthy(s.healthy()).build();
        } else if (step instanceof LifecycleStep.GuestResumeFailed s) {
            return io.fleetcompat.schema.avro.GuestResumeFailed.newBuilder()
                    .setHeader(header).setInstanceId(s.instanceId()).setDomid(s.domid()).setImageId(s.imageId())
                    .setSymptom(s.symptom()).setImageAbi(s.imageAbi()).setXenAbi(s.xenAbi())
                    .setUpcallsCounted(s.upcallsCounted()).setEventsSent(s.eventsSent())
                    .setEventsHandled(s.eventsHandled()).setDetail(s.detail()).build();
        } else if (step instanceof LifecycleStep.DomainSaved s) {
            return io.fleetcompat.schema.avro.DomainSaved.newBuilder()
                    .setHeader(header).setInstanceId(s.instanceId()).setDomid(s.domid())
                    .setCheckpointId(s.checkpointId()).setAbi(s.abi()).setControls(controls(s.controls())).build();
        } else if (step instanceof LifecycleStep.DomainRestored s) {
            return io.fleetcompat.schema.avro.DomainRestored.newBuilder()
                    .setHeader(header).setInstanceId(s.instanceId()).setDomid(s.domid())
                    .setCheckpointId(s.checkpointId()).setSourceHostId(s.sourceHostId()).setAbi(s.abi())
                    .setControls(controls(s.controls())).build();
        } else if (step instanceof LifecycleStep.DomainMigrated s) {
            return io.fleetcompat.schema.avro.DomainMigrated.newBuilder()
                    .setHeader(header).setInstanceId(s.instanceId()).setDomid(s.domid())
                    .setDestinationHostId(s.destinationHostId()).setDestinationDomid(s.destinationDomid())
                    .setAbi(s.abi()).setCarriedControls(controls(s.carriedControls())).build();
        } else if (step instanceof LifecycleStep.DomainDestroyed s) {
            return io.fleetcompat.schema.avro.DomainDestroyed.newBuilder()
                    .setHeader(header).setInstanceId(s.instanceId()).setDomid(s.domid()).setReason(s.reason()).build();
        }
        throw new IllegalArgumentException("unknown lifecycle step " + step);
    }

    public static HypercallResult hypercall(HypercallOutcome o, EventHeader header) {
        return HypercallResult.newBuilder()
                .setHeader(header).setInstanceId(o.instanceId()).setDomid(o.domid())
                .setHypercallNumber(o.hypercallNumber()).setHypercallName(o.hypercallName())
                .setCommandNumber(o.commandNumber()).setCommandName(o.commandName()).setRc(o.rc())
                .setErrnoName(o.errnoName()).setVcpu(o.vcpu()).setArguments(o.arguments())
                .build();
    }

    public static PolicyAck policyAck(PolicyAckStep ack, EventHeader header) {
        return PolicyAck.newBuilder()
                .setHeader(header).setTarget(copy(ack))
                .setDirectiveVersion(ack.directiveVersion()).setMode(ack.mode()).setOutcome(ack.outcome())
                .setRejectReason(ack.rejectReason()).setDetail(ack.detail())
                .setDomain(ack.domain() == null ? null : new DomainRef(header.getHostId(), ack.domain().domid(),
                        ack.domain().instanceId()))
                .setAppliedControls(ack.appliedControls() == null ? null : controls(ack.appliedControls()))
                .build();
    }

    public static HostStatus hostStatus(HostInventory inventory, EventHeader header) {
        return hostStatus(inventory, header, 0);
    }

    /** A routine heartbeat; {@code eventsRefused} counts this host's events the outbox refused, over restarts. */
    public static HostStatus hostStatus(HostInventory inventory, EventHeader header, long eventsRefused) {
        return inventoryOf(inventory, header).setEventsRefused(eventsRefused).build();
    }

    /** The "outbox full" alarm: a HostStatus with {@code alarm = OUTBOX_FULL} and the outbox's fill. */
    public static HostStatus outboxFullAlarm(HostInventory inventory, EventHeader header, long eventsRefused,
                                             long retainedBytes, long limitBytes) {
        return inventoryOf(inventory, header).setEventsRefused(eventsRefused).setAlarm(AgentAlarm.OUTBOX_FULL)
                .setOutboxRetainedBytes(retainedBytes).setOutboxLimitBytes(limitBytes).build();
    }

    private static HostStatus.Builder inventoryOf(HostInventory inventory, EventHeader header) {
        return HostStatus.newBuilder()
                .setHeader(header).setDomainsRunning(inventory.runningInstanceIds().size())
                .setRunningInstanceIds(inventory.runningInstanceIds())
                .setLastPolicyVersionSeen(inventory.lastPolicyVersionSeen())
                .setPolicyTableSize(inventory.policyTableSize()).setOutboxDepth(inventory.outboxDepth())
                .setAgentStartedAt(inventory.agentStartedAt());
    }

    private static io.fleetcompat.schema.avro.PolicyTarget copy(PolicyAckStep ack) {
        return io.fleetcompat.schema.avro.PolicyTarget.newBuilder(ack.target()).build();
    }

    static CreateFlags flags(Flags flags) {
        return new CreateFlags(flags.names(), flags.bitmask());
    }

    static EvtchnControls controls(Controls controls) {
        return new EvtchnControls(controls.fifo(), controls.upcall());
    }

    static GuestKernelProfile kernel(Kernel k) {
        return new GuestKernelProfile(k.name(), k.family(), k.version(), k.fifoAware(), k.fifoEvents(),
                k.usesUpcallVector());
    }

    private static Long version(PolicyRef policy) {
        return policy == null ? null : policy.version();
    }

    private static String key(PolicyRef policy) {
        return policy == null ? null : policy.key();
    }
}
