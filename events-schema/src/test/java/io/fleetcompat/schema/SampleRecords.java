package io.fleetcompat.schema;

import io.fleetcompat.schema.avro.*;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One realistic instance of every wire record type, following the hibernation scenario of
 * xen-evtchn-model.md 8: guest 7d0c... boots 2-level on a pre-4.4 host, hibernates, and is placed on a
 * PROPOSED host where fleet-stream denies evtchn_fifo for it.
 */
final class SampleRecords {

    static final String GUEST = "7d0c7a52-3f1e-4f7a-9a43-2b8f0c1d9e11";
    static final String OLD_HOST = "host-legacy-0042";
    static final String NEW_HOST = "host-proposed-0117";
    static final Instant T0 = Instant.parse("2026-11-24T09:15:00Z");
    static final EvtchnControls FIFO_DENIED = new EvtchnControls(ControlSetting.DENY, ControlSetting.PERMIT);
    static final EvtchnControls FIFO_PERMITTED = new EvtchnControls(ControlSetting.PERMIT, ControlSetting.PERMIT);
    static final PolicyTarget GUEST_TARGET = PolicyTarget.newBuilder()
            .setKind(PolicyTargetKind.INSTANCE).setInstanceId(GUEST).build();
    static final PolicyTarget FAMILY_TARGET = PolicyTarget.newBuilder().setKind(PolicyTargetKind.FAMILY)
            .setSelector(new FamilySelector("linux-5.10", XenProfile.PROPOSED)).build();

    private SampleRecords() {}

    static List<SpecificRecord> all() {
        return List.of(domainCreated(), guestBooted(), guestHibernated(), guestResumed(), guestResumeFailed(),
                domainSaved(), domainRestored(), domainMigrated(), domainDestroyed(), domainCreateRefused(),
                hypercallResult(), policyAck(), hostStatus(), policyDirective(), rolloutState(), auditRecord(),
                operatorCommand(), deadLetter());
    }

    static EventHeader header(String host, long sequence, XenProfile profile) {
        return EventHeader.newBuilder()
                .setEventId("0b9f6f7e-9f55-4c3e-8f0a-" + String.format("%012d", sequence))
                .setHostId(host)
                .setSequence(sequence)
                .setEventTime(T0.plusSeconds(sequence))
                .setAgentVersion("0.1.0")
                .setXenProfile(profile)
                .setHostFifoBuiltIn(profile != XenProfile.LEGACY_2L)
                .build();
    }

    static DomainCreated domainCreated() {
        return DomainCreated.newBuilder()
                .setHeader(header(NEW_HOST, 1001, XenProfile.PROPOSED))
                .setInstanceId(GUEST)
                .setDomid(17)
                .setKernel(new GuestKernelProfile("linux-5.10.0-28-amd64", "linux-5.10", "5.10.209", true, true, true))
                .setRequestedFlags(new CreateFlags(List.of("hvm", "hap", "evtchn_fifo", "evtchn_upcall"), 0x183L))
                .setGrantedFlags(new CreateFlags(List.of("hvm", "hap", "evtchn_upcall"), 0x103L))
                .setControls(FIFO_DENIED)
                .setPolicyVersion(3L)
                .setPolicyKey("instance:" + GUEST)
                .setCreateKind(CreateKind.RESUME_FROM_HIBERNATION)
                .build();
    }

    static GuestBooted guestBooted() {
        return GuestBooted.newBuilder().setHeader(header(OLD_HOST, 7, XenProfile.LEGACY_2L))
                .setInstanceId(GUEST).setDomid(5).setAbi(EvtchnAbi.TWO_LEVEL).setInitControlRc(-38)
                .setKernelLogLine("xen:events: Using 2-level ABI").build();
    }

    static GuestHibernated guestHibernated() {
        return GuestHibernated.newBuilder().setHeader(header(OLD_HOST, 8, XenProfile.LEGACY_2L))
                .setInstanceId(GUEST).setDomid(5).setImageId("xvda2:swap:5a1c9e").setImageAbi(EvtchnAbi.TWO_LEVEL)
                .build();
    }

    static GuestResumed guestResumed() {
        return GuestResumed.newBuilder().setHeader(header(NEW_HOST, 1002, XenProfile.PROPOSED))
                .setInstanceId(GUEST).setDomid(17).setImageId("xvda2:swap:5a1c9e")
                .setBootKernelAbi(EvtchnAbi.TWO_LEVEL).setImageAbi(EvtchnAbi.TWO_LEVEL).setXenAbi(EvtchnAbi.TWO_LEVEL)
                .setHealthy(true).build();
    }

    static GuestResumeFailed guestResumeFailed() {
        return GuestResumeFailed.newBuilder().setHeader(header("host-2020-0009", 55, XenProfile.XEN_2020))
                .setInstanceId("c1e5d0b4-8a7e-4d7b-b0a6-5f4d3c2b1a09").setDomid(23).setImageId("xvdb1:swap:77aa01")
                .setSymptom(ResumeFailureSymptom.EVENTS_RAISED_NOT_HANDLED)
                .setImageAbi(EvtchnAbi.TWO_LEVEL).setXenAbi(EvtchnAbi.FIFO)
                .setUpcallsCounted(412).setEventsSent(418).setEventsHandled(0)
                .setDetail("upcalls arrive, 2-level selector stays empty").build();
    }

    static DomainSaved domainSaved() {
        return DomainSaved.newBuilder().setHeader(header(NEW_HOST, 1003, XenProfile.PROPOSED))
                .setInstanceId(GUEST).setDomid(17).setCheckpointId("ckpt-20261124-0915")
                .setAbi(EvtchnAbi.TWO_LEVEL).setControls(FIFO_DENIED).build();
    }

    static DomainRestored domainRestored() {
        return DomainRestored.newBuilder().setHeader(header("host-proposed-0120", 40, XenProfile.PROPOSED))
                .setInstanceId(GUEST).setDomid(3).setCheckpointId("ckpt-20261124-0915").setSourceHostId(NEW_HOST)
                .setAbi(EvtchnAbi.TWO_LEVEL).setControls(FIFO_DENIED).build();
    }

    static DomainMigrated domainMigrated() {
        return DomainMigrated.newBuilder().setHeader(header(NEW_HOST, 1004, XenProfile.PROPOSED))
                .setInstanceId(GUEST).setDomid(17).setDestinationHostId("host-proposed-0120").setDestinationDomid(4)
                .setAbi(EvtchnAbi.TWO_LEVEL).setCarriedControls(FIFO_DENIED).build();
    }

    static DomainDestroyed domainDestroyed() {
        return DomainDestroyed.newBuilder().setHeader(header(OLD_HOST, 9, XenProfile.LEGACY_2L))
                .setInstanceId(GUEST).setDomid(5).setReason(DestroyReason.HIBERNATED).build();
    }

    static DomainCreateRefused domainCreateRefused() {
        return DomainCreateRefused.newBuilder().setHeader(header("host-proposed-0121", 12, XenProfile.PROPOSED))
                .setInstanceId("e4f1a2b3-0c9d-4e8f-a7b6-c5d4e3f2a1b0").setCreateKind(CreateKind.RESTORE)
                .setRequestedFlags(new CreateFlags(List.of("hvm", "hap", "evtchn_upcall"), 0x103L))
                .setControls(FIFO_DENIED).setReason(CreateRefusalReason.FIFO_GUEST_INTO_FIFO_DENIED_DOMAIN)
                .setDetail("checkpoint was saved with FIFO engaged; a FIFO-denied domain would BUG on resume")
                .setPolicyVersion(2L).setPolicyKey("family:linux-5.10@PROPOSED").build();
    }

    static HypercallResult hypercallResult() {
        return HypercallResult.newBuilder().setHeader(header(NEW_HOST, 1005, XenProfile.PROPOSED))
                .setInstanceId(GUEST).setDomid(17).setHypercallNumber(32).setHypercallName("event_channel_op")
                .setCommandNumber(11).setCommandName("EVTCHNOP_init_control").setRc(-38L).setErrnoName("ENOSYS")
                .setVcpu(0).setArguments(Map.of("control_gfn", 0x7f3a1L, "offset", 0L, "vcpu", 0L)).build();
    }

    static PolicyAck policyAck() {
        return PolicyAck.newBuilder().setHeader(header(NEW_HOST, 1000, XenProfile.PROPOSED))
                .setTarget(GUEST_TARGET).setDirectiveVersion(3).setMode(PolicyMode.ENFORCE)
                .setOutcome(AckOutcome.APPLIED).setDomain(new DomainRef(NEW_HOST, 17, GUEST))
                .setAppliedControls(FIFO_DENIED).build();
    }

    static HostStatus hostStatus() {
        return HostStatus.newBuilder().setHeader(header(NEW_HOST, 1006, XenProfile.PROPOSED))
                .setDomainsRunning(2).setRunningInstanceIds(List.of(GUEST, "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d"))
                .setLastPolicyVersionSeen(3L).setPolicyTableSize(41).setOutboxDepth(0)
                .setAgentStartedAt(T0.minusSeconds(86_400)).build();
    }

    static PolicyDirective policyDirective() {
        return PolicyDirective.newBuilder()
                .setDirectiveId("5c3e1f0a-2b4d-4c6e-8f9a-0b1c2d3e4f5a")
                .setTarget(GUEST_TARGET)
                .setControls(FIFO_DENIED)
                .setReason(new PolicyReason(PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST,
                        "image hibernated 2-level under linux-5.10 on LEGACY_2L; target hosts offer FIFO"))
                .setEvidenceEventIds(List.of(guestBooted().getHeader().getEventId(),
                        guestHibernated().getHeader().getEventId()))
                .setVersion(3)
                .setMode(PolicyMode.ENFORCE)
                .setIssuedAt(T0.plusSeconds(30))
                .setLiftCondition(LiftCondition.newBuilder().setKind(LiftKind.IMAGE_CONSUMED)
                        .setDescription("after the guest resumed healthy from image xvda2:swap:5a1c9e").build())
                .build();
    }

    static RolloutState rolloutState() {
        RolloutWave first = RolloutWave.newBuilder().setIndex(0).setHostFraction(0.01).setRequiredCreates(50)
                .setCreatesObserved(57).setStatus(WaveStatus.PASSED)
                .setGates(List.of(new GateResult("resume-failure-rate", GateVerdict.PASS, 0.0, 0.001,
                        "0 of 57 under policy, 3 of 410 outside")))
                .setStartedAt(T0).setCompletedAt(T0.plusSeconds(3_600)).build();
        RolloutWave second = RolloutWave.newBuilder().setIndex(1).setHostFraction(0.10).setRequiredCreates(500)
                .setCreatesObserved(12).setStatus(WaveStatus.ACTIVE).setStartedAt(T0.plusSeconds(3_700)).build();
        return RolloutState.newBuilder().setRolloutId("ro-linux-5.10-fifo-deny-01").setTarget(FAMILY_TARGET)
                .setPolicyVersion(2).setControls(FIFO_DENIED).setPhase(RolloutPhase.RUNNING).setCurrentWave(1)
                .setWaves(List.of(first, second)).setLastCommandId("cmd-approve-wave-1")
                .setUpdatedAt(T0.plusSeconds(3_800)).build();
    }

    static AuditRecord auditRecord() {
        return AuditRecord.newBuilder().setAuditId("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")
                .setAction(AuditAction.POLICY_ISSUED).setSubject("instance:" + GUEST)
                .setDecision("deny evtchn_fifo for " + GUEST + " (version 3, ENFORCE)")
                .setReason("2-level hibernation image of a FIFO-aware kernel; placement targets FIFO hosts")
                .setActor("fleet-stream/policy-decider").setDecidedAt(T0.plusSeconds(30))
                .setEvidenceEventIds(List.of(guestHibernated().getHeader().getEventId())).setPolicyVersion(3L)
                .build();
    }

    static OperatorCommand operatorCommand() {
        return OperatorCommand.newBuilder().setCommandId("cmd-approve-wave-1").setAction(OperatorAction.APPROVE)
                .setRolloutId("ro-linux-5.10-fifo-deny-01").setActor("alice")
                .setReason("wave 0 gates green").setIssuedAt(T0.plusSeconds(3_650)).build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder().setSourceTopic("fleet.events").setSourcePartition(4).setSourceOffset(91_233)
                .setKey(ByteBuffer.wrap(GUEST.getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 1, 2, 3}))
                .setErrorKind(DeadLetterErrorKind.NOT_SINGLE_OBJECT).setErrorMessage("5 bytes, the header alone is 10")
                .setExceptionClass(EventDecodingException.class.getName()).setFailedAt(T0.plusSeconds(60))
                .setSourceComponent("fleet-stream/guest-state-fold").build();
    }
}
