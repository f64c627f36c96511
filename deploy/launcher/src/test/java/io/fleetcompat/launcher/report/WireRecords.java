package io.fleetcompat.launcher.report;

import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateFlags;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.DomainRef;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.FamilySelector;
import io.fleetcompat.schema.avro.GuestBooted;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.GuestKernelProfile;
import io.fleetcompat.schema.avro.GuestResumeFailed;
import io.fleetcompat.schema.avro.GuestResumed;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.PolicyAck;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.ResumeFailureSymptom;
import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.schema.avro.RolloutState;
import io.fleetcompat.schema.avro.RolloutWave;
import io.fleetcompat.schema.avro.WaveStatus;
import io.fleetcompat.schema.avro.XenProfile;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Hand-made wire records for the report tests: only the fields the report reads vary. */
final class WireRecords {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static long sequence;

    private WireRecords() {
    }

    static EventHeader header(String hostId, Instant at) {
        return EventHeader.newBuilder().setEventId(UUID.randomUUID().toString()).setHostId(hostId)
                .setSequence(++sequence).setEventTime(at).setAgentVersion("test").setXenProfile(XenProfile.PROPOSED)
                .setHostFifoBuiltIn(true).build();
    }

    static PolicyTarget instance(String guest) {
        return PolicyTarget.newBuilder().setKind(PolicyTargetKind.INSTANCE).setInstanceId(guest).setSelector(null).build();
    }

    static PolicyTarget family(String kernelFamily) {
        return PolicyTarget.newBuilder().setKind(PolicyTargetKind.FAMILY).setInstanceId(null)
                .setSelector(new FamilySelector(kernelFamily, XenProfile.PROPOSED)).build();
    }

    static EvtchnControls fifo(ControlSetting setting) {
        return new EvtchnControls(setting, ControlSetting.UNSET);
    }

    /** A create on {@code host}; {@code policyKey} null means toolstack defaults (no directive applied). */
    static DomainCreated created(String host, String guest, String policyKey, ControlSetting fifo) {
        return created(host, guest, policyKey, fifo, T0);
    }

    static DomainCreated created(String host, String guest, String policyKey, ControlSetting fifo, Instant at) {
        CreateFlags flags = new CreateFlags(List.of(), 0L);
        return DomainCreated.newBuilder().setHeader(header(host, at)).setInstanceId(guest).setDomid(1)
                .setKernel(new GuestKernelProfile("linux-5.10", "linux-5.10", "5.10", true, true, false))
                .setRequestedFlags(flags).setGrantedFlags(flags).setControls(fifo(fifo))
                .setPolicyVersion(policyKey == null ? null : 1L).setPolicyKey(policyKey)
                .setCreateKind(CreateKind.RESUME_FROM_HIBERNATION).build();
    }

    static GuestHibernated hibernated(String host, String guest, EvtchnAbi imageAbi) {
        return GuestHibernated.newBuilder().setHeader(header(host, T0)).setInstanceId(guest).setDomid(1)
                .setImageId("img").setImageAbi(imageAbi).build();
    }

    static GuestBooted booted(String host, String guest, EvtchnAbi abi, Instant at) {
        return GuestBooted.newBuilder().setHeader(header(host, at)).setInstanceId(guest).setDomid(1).setAbi(abi)
                .setInitControlRc(abi == EvtchnAbi.FIFO ? 0 : -38).setKernelLogLine("test").build();
    }

    static GuestResumed resumed(String host, String guest, boolean healthy) {
        return GuestResumed.newBuilder().setHeader(header(host, T0)).setInstanceId(guest).setDomid(1).setImageId("img")
                .setBootKernelAbi(EvtchnAbi.TWO_LEVEL).setImageAbi(EvtchnAbi.TWO_LEVEL).setXenAbi(EvtchnAbi.TWO_LEVEL)
                .setHealthy(healthy).build();
    }

    static GuestResumeFailed resumeFailed(String host, String guest) {
        return resumeFailed(host, guest, EvtchnAbi.TWO_LEVEL);
    }

    /** A failed resume; a FIFO image fails where the domain is denied FIFO, so Xen runs 2-level. */
    static GuestResumeFailed resumeFailed(String host, String guest, EvtchnAbi imageAbi) {
        return GuestResumeFailed.newBuilder().setHeader(header(host, T0)).setInstanceId(guest).setDomid(1)
                .setImageId("img").setSymptom(ResumeFailureSymptom.EVENTS_RAISED_NOT_HANDLED)
                .setImageAbi(imageAbi).setXenAbi(imageAbi == EvtchnAbi.TWO_LEVEL ? EvtchnAbi.FIFO : EvtchnAbi.TWO_LEVEL).setUpcallsCounted(3).setEventsSent(3)
                .setEventsHandled(0).setDetail(null).build();
    }

    static PolicyDirective directive(PolicyTarget target, long version, PolicyReasonCode code, PolicyMode mode,
                                     Instant issuedAt) {
        return PolicyDirective.newBuilder().setDirectiveId(UUID.randomUUID().toString()).setTarget(target)
                .setControls(fifo(ControlSetting.DENY)).setReason(new PolicyReason(code, "test"))
                .setEvidenceEventIds(List.of()).setVersion(version).setRolloutId(null).setWave(null)
                .setCohortFraction(1.0).setMode(mode).setIssuedAt(issuedAt).setLiftCondition(null).build();
    }

    static PolicyAck ack(String host, PolicyTarget target, long version, AckOutcome outcome, Instant at, String guest) {
        return PolicyAck.newBuilder().setHeader(header(host, at)).setTarget(target).setDirectiveVersion(version)
                .setMode(PolicyMode.ENFORCE).setOutcome(outcome).setRejectReason(null).setDetail(null)
                .setDomain(guest == null ? null : new DomainRef(host, 1, guest))
                .setAppliedControls(fifo(ControlSetting.DENY)).build();
    }

    static RolloutState rollout(String id, WaveStatus... waves) {
        List<RolloutWave> list = new java.util.ArrayList<>();
        for (int i = 0; i < waves.length; i++) {
            list.add(RolloutWave.newBuilder().setIndex(i).setHostFraction(0.5 * (i + 1)).setRequiredCreates(2)
                    .setCreatesObserved(2).setStatus(waves[i]).setGates(List.of()).setStartedAt(null)
                    .setCompletedAt(null).build());
        }
        return RolloutState.newBuilder().setRolloutId(id).setTarget(family("linux-5.10")).setPolicyVersion(1)
                .setControls(fifo(ControlSetting.DENY)).setPhase(RolloutPhase.RUNNING).setCurrentWave(0)
                .setWaves(list).setLastCommandId(null).setUpdatedAt(T0).build();
    }

    static AuditRecord audit(String subject) {
        return AuditRecord.newBuilder().setAuditId(UUID.randomUUID().toString()).setAction(AuditAction.POLICY_ISSUED)
                .setSubject(subject).setDecision("deny").setReason("test").setActor("fleet-stream").setDecidedAt(T0)
                .setEvidenceEventIds(List.of()).setPolicyVersion(1L).setRolloutId(null).setCommandId(null).build();
    }

    static DeadLetter deadLetter(DeadLetterErrorKind kind) {
        return DeadLetter.newBuilder().setSourceTopic("fleet.events").setSourcePartition(0).setSourceOffset(0)
                .setKey(null).setValue(null).setErrorKind(kind).setErrorMessage("test").setExceptionClass(null)
                .setWriterFingerprint(null).setFailedAt(T0).setSourceComponent("test").build();
    }

    static HostStatus hostStatus(String host) {
        return HostStatus.newBuilder().setHeader(header(host, T0)).setDomainsRunning(0).setRunningInstanceIds(List.of())
                .setLastPolicyVersionSeen(null).setPolicyTableSize(0).setOutboxDepth(0).setAgentStartedAt(T0).build();
    }
}
