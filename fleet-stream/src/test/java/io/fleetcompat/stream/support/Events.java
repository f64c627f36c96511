package io.fleetcompat.stream.support;

import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateFlags;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.CreateRefusalReason;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.DomainCreateRefused;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.DomainDestroyed;
import io.fleetcompat.schema.avro.DomainMigrated;
import io.fleetcompat.schema.avro.DomainRef;
import io.fleetcompat.schema.avro.DomainSaved;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.GuestBooted;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.GuestKernelProfile;
import io.fleetcompat.schema.avro.GuestResumeFailed;
import io.fleetcompat.schema.avro.GuestResumed;
import io.fleetcompat.schema.avro.HypercallResult;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.OperatorCommand;
import io.fleetcompat.schema.avro.PolicyAck;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.ResumeFailureSymptom;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builders for agent events and operator commands, with the fields a scenario cares about. */
public final class Events {

    public static final String FAMILY = "linux-5.10";

    private Events() {
    }

    public static GuestKernelProfile fifoAwareKernel() {
        return new GuestKernelProfile("linux-5.10.0-28-amd64", FAMILY, "5.10.209", true, true, false);
    }

    public static EvtchnControls fifo(ControlSetting setting) {
        return new EvtchnControls(setting, ControlSetting.UNSET);
    }

    public static DomainCreated created(EventHeader h, String guest, int domid, CreateKind kind, ControlSetting fifo,
                                        String policyKey, Long policyVersion) {
        CreateFlags flags = new CreateFlags(List.of("hvm"), 1L);
        return DomainCreated.newBuilder().setHeader(h).setInstanceId(guest).setDomid(domid)
                .setKernel(fifoAwareKernel()).setRequestedFlags(flags).setGrantedFlags(flags)
                .setControls(fifo(fifo)).setPolicyKey(policyKey).setPolicyVersion(policyVersion)
                .setCreateKind(kind).build();
    }

    public static DomainCreated freshBoot(EventHeader h, String guest, int domid) {
        return created(h, guest, domid, CreateKind.FRESH_BOOT, ControlSetting.UNSET, null, null);
    }

    public static GuestBooted booted(EventHeader h, String guest, int domid, EvtchnAbi abi) {
        return GuestBooted.newBuilder().setHeader(h).setInstanceId(guest).setDomid(domid).setAbi(abi)
                .setInitControlRc(abi == EvtchnAbi.FIFO ? 0 : -38)
                .setKernelLogLine(abi == EvtchnAbi.FIFO ? "xen:events: Using FIFO-based ABI"
                        : "xen:events: Using 2-level ABI").build();
    }

    public static GuestHibernated hibernated(EventHeader h, String guest, int domid, EvtchnAbi imageAbi) {
        return GuestHibernated.newBuilder().setHeader(h).setInstanceId(guest).setDomid(domid)
                .setImageId("image-" + guest).setImageAbi(imageAbi).build();
    }

    public static DomainDestroyed destroyed(EventHeader h, String guest, int domid, DestroyReason reason) {
        return DomainDestroyed.newBuilder().setHeader(h).setInstanceId(guest).setDomid(domid).setReason(reason).build();
    }

    public static GuestResumed resumed(EventHeader h, String guest, int domid, boolean healthy) {
        return GuestResumed.newBuilder().setHeader(h).setInstanceId(guest).setDomid(domid).setImageId("image-" + guest)
                .setBootKernelAbi(healthy ? EvtchnAbi.TWO_LEVEL : EvtchnAbi.FIFO).setImageAbi(EvtchnAbi.TWO_LEVEL)
                .setXenAbi(healthy ? EvtchnAbi.TWO_LEVEL : EvtchnAbi.FIFO).setHealthy(healthy).build();
    }

    /** A healthy resume of a FIFO image into a domain that kept FIFO (the image's ABI is the one Xen runs). */
    public static GuestResumed resumedFifo(EventHeader h, String guest, int domid) {
        return GuestResumed.newBuilder().setHeader(h).setInstanceId(guest).setDomid(domid).setImageId("image-" + guest)
                .setBootKernelAbi(EvtchnAbi.FIFO).setImageAbi(EvtchnAbi.FIFO).setXenAbi(EvtchnAbi.FIFO)
                .setHealthy(true).build();
    }

    /** The xen-evtchn-model.md 8 signature: Xen FIFO, image 2-level, events raised but never handled. */
    public static GuestResumeFailed section8Failure(EventHeader h, String guest, int domid) {
        return GuestResumeFailed.newBuilder().setHeader(h).setInstanceId(guest).setDomid(domid)
                .setImageId("image-" + guest).setSymptom(ResumeFailureSymptom.EVENTS_RAISED_NOT_HANDLED)
                .setImageAbi(EvtchnAbi.TWO_LEVEL).setXenAbi(EvtchnAbi.FIFO).setUpcallsCounted(40)
                .setEventsSent(40).setEventsHandled(0).build();
    }

    /** The source host's record of a live migration to {@code destination}. */
    public static DomainMigrated migrated(EventHeader h, String guest, int domid, String destination, EvtchnAbi abi) {
        return DomainMigrated.newBuilder().setHeader(h).setInstanceId(guest).setDomid(domid)
                .setDestinationHostId(destination).setAbi(abi).setCarriedControls(fifo(ControlSetting.UNSET)).build();
    }

    public static DomainSaved saved(EventHeader h, String guest, int domid, EvtchnAbi abi) {
        return DomainSaved.newBuilder().setHeader(h).setInstanceId(guest).setDomid(domid)
                .setCheckpointId("ckpt-" + guest + "-" + h.getSequence()).setAbi(abi)
                .setControls(fifo(ControlSetting.UNSET)).build();
    }

    public static DomainCreateRefused refusedIntoDeniedDomain(EventHeader h, String guest) {
        CreateFlags flags = new CreateFlags(List.of("hvm"), 1L);
        return DomainCreateRefused.newBuilder().setHeader(h).setInstanceId(guest).setCreateKind(CreateKind.RESTORE)
                .setRequestedFlags(flags).setControls(fifo(ControlSetting.DENY))
                .setReason(CreateRefusalReason.FIFO_GUEST_INTO_FIFO_DENIED_DOMAIN)
                .setDetail("FIFO-engaged guest into a FIFO-denied domain").build();
    }

    /**
     * An EVTCHNOP_bind_interdomain as agents report it: rc 0 on success (the bound port is an OUT field the event
     * does not carry; agents send successes only when reporting every call), -ENOSPC when the domain has no free
     * port. Arguments are the IN fields.
     */
    public static HypercallResult bindInterdomain(EventHeader h, String guest, int domid, boolean noFreePort) {
        return HypercallResult.newBuilder().setHeader(h).setInstanceId(guest).setDomid(domid).setHypercallNumber(32)
                .setHypercallName("event_channel_op").setCommandNumber(0).setCommandName("EVTCHNOP_bind_interdomain")
                .setRc(noFreePort ? -28 : 0).setErrnoName(noFreePort ? "ENOSPC" : null)
                .setArguments(Map.of("remote_dom", 0L, "remote_port", 7L)).build();
    }

    public static PolicyAck ack(EventHeader h, PolicyDirective d, AckOutcome outcome, String guest, int domid) {
        return PolicyAck.newBuilder().setHeader(h).setTarget(d.getTarget()).setDirectiveVersion(d.getVersion())
                .setMode(d.getMode()).setOutcome(outcome)
                .setDomain(guest == null ? null : new DomainRef(h.getHostId(), domid, guest))
                .setAppliedControls(d.getControls()).build();
    }

    public static OperatorCommand command(String id, OperatorAction action, String rolloutId, String instanceId,
                                          ControlSetting pin, long at) {
        return OperatorCommand.newBuilder().setCommandId(id).setAction(action).setRolloutId(rolloutId)
                .setInstanceId(instanceId).setPinControls(pin == null ? null : fifo(pin)).setActor("alice")
                .setReason("test").setIssuedAt(Instant.ofEpochMilli(at)).build();
    }
}
