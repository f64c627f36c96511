package io.fleetcompat.agent.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.events.EventHeaderFactory;
import io.fleetcompat.agent.events.HostEventEmitter;
import io.fleetcompat.agent.events.HostInventory;
import io.fleetcompat.agent.events.HypercallSampler;
import io.fleetcompat.agent.host.AppliedPolicy;
import io.fleetcompat.agent.host.Controls;
import io.fleetcompat.agent.host.FlagSet;
import io.fleetcompat.agent.host.HostEvent;
import io.fleetcompat.agent.host.HostIdentity;
import io.fleetcompat.agent.host.KernelDescriptor;
import io.fleetcompat.agent.host.PolicyRef;
import io.fleetcompat.agent.outbox.FsyncPolicy;
import io.fleetcompat.agent.outbox.Outbox;
import io.fleetcompat.agent.outbox.OutboxCursor;
import io.fleetcompat.agent.outbox.OutboxEntry;
import io.fleetcompat.agent.outbox.OutboxSettings;
import io.fleetcompat.agent.xen.XenProfile;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.CreateRefusalReason;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.DomainCreateRefused;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.schema.avro.DomainDestroyed;
import io.fleetcompat.schema.avro.DomainMigrated;
import io.fleetcompat.schema.avro.DomainRestored;
import io.fleetcompat.schema.avro.DomainSaved;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.GuestBooted;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.GuestResumeFailed;
import io.fleetcompat.schema.avro.GuestResumed;
import io.fleetcompat.schema.avro.HypercallResult;
import io.fleetcompat.schema.avro.PolicyAck;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.ResumeFailureSymptom;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each toolstack record, forwarded into a real event sink over a real outbox, becomes the Avro record of the
 * same type with every field carried over, the toolstack's event time in the header, and the right key.
 */
class HostEventForwarderTest {

    private static final HostIdentity HOST = new HostIdentity("host-3", XenProfile.PROPOSED, true);
    private static final long EVENT_TIME = Instant.parse("2026-03-04T05:06:07.089Z").toEpochMilli();
    private static final Instant APPEND_TIME = Instant.parse("2026-11-20T10:00:00Z");
    private static final KernelDescriptor KERNEL = new KernelDescriptor("linux-5.10", "linux-5.10", "5.10.0",
            true, true, true);
    private static final FlagSet REQUESTED = new FlagSet(List.of("hvm", "hap", "evtchn_fifo"), 0x83);
    private static final FlagSet GRANTED = new FlagSet(List.of("hvm", "hap"), 0x03);
    private static final Controls DENY_FIFO_PERMIT_UPCALL = new Controls(ControlSetting.DENY, ControlSetting.PERMIT);
    private static final AppliedPolicy DIRECTIVE = new AppliedPolicy("instance:g1", 7, PolicyMode.ENFORCE,
            Controls.DENY_FIFO);

    @TempDir
    Path dir;

    private Outbox outbox;
    private HostEventForwarder forwarder;
    private final EmitTally tally = new EmitTally();

    @BeforeEach
    void openSink() throws Exception {
        outbox = Outbox.open(new OutboxSettings(dir, 1 << 20, 1 << 16, FsyncPolicy.always()));
        HostEventEmitter sink = new HostEventEmitter(outbox, new EventHeaderFactory(WireIdentities.toWire(HOST),
                "9.9.9", Clock.fixed(APPEND_TIME, ZoneOffset.UTC)), new HypercallSampler(0.0, 1, HOST.hostId()),
                () -> new HostInventory(List.of(), null, 0, 0, APPEND_TIME));
        forwarder = new HostEventForwarder(sink, tally);
    }

    @AfterEach
    void closeOutbox() throws Exception {
        outbox.close();
    }

    /** Forwards one record and returns the single outbox entry it produced. */
    private OutboxEntry forward(HostEvent event) {
        forwarder.onEvent(event);
        try (OutboxCursor cursor = outbox.cursorAt(0)) {
            List<OutboxEntry> entries = cursor.read(10);
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).topic()).isEqualTo("fleet.events");
            return entries.get(0);
        }
    }

    private static SpecificRecord decode(OutboxEntry entry) {
        return SingleObjectCodec.standard().decode(entry.value());
    }

    private static void assertHeader(EventHeader header) {
        assertThat(header.getHostId()).isEqualTo("host-3");
        assertThat(header.getSequence()).isEqualTo(1);
        assertThat(header.getEventTime()).isEqualTo(Instant.ofEpochMilli(EVENT_TIME));
        assertThat(header.getXenProfile()).isEqualTo(io.fleetcompat.schema.avro.XenProfile.PROPOSED);
        assertThat(header.getHostFifoBuiltIn()).isTrue();
        assertThat(header.getAgentVersion()).isEqualTo("9.9.9");
        assertThat(header.getEventId()).isNotBlank();
    }

    @Test
    void shouldCarryEveryFieldOfDomainCreated() {
        OutboxEntry entry = forward(new HostEvent.DomainCreated(HOST, EVENT_TIME, "g1", 5, KERNEL, REQUESTED, GRANTED,
                DENY_FIFO_PERMIT_UPCALL, Optional.of(new PolicyRef("instance:g1", 7)), CreateKind.RESUME_FROM_HIBERNATION,
                Optional.of("host-17/hibernation-3"), EvtchnAbi.TWO_LEVEL, EdgeFailsafeOutcome.NOT_APPLICABLE));

        DomainCreated r = (DomainCreated) decode(entry);
        assertThat(entry.key()).isEqualTo("g1");
        assertHeader(r.getHeader());
        assertThat(r.getInstanceId()).isEqualTo("g1");
        assertThat(r.getDomid()).isEqualTo(5);
        assertThat(r.getKernel().getName()).isEqualTo("linux-5.10");
        assertThat(r.getKernel().getFamily()).isEqualTo("linux-5.10");
        assertThat(r.getKernel().getVersion()).isEqualTo("5.10.0");
        assertThat(r.getKernel().getFifoAware()).isTrue();
        assertThat(r.getKernel().getFifoEvents()).isTrue();
        assertThat(r.getKernel().getUsesUpcallVector()).isTrue();
        assertThat(r.getRequestedFlags().getNames()).containsExactly("hvm", "hap", "evtchn_fifo");
        assertThat(r.getRequestedFlags().getBitmask()).isEqualTo(0x83);
        assertThat(r.getGrantedFlags().getNames()).containsExactly("hvm", "hap");
        assertThat(r.getGrantedFlags().getBitmask()).isEqualTo(0x03);
        assertThat(r.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
        assertThat(r.getControls().getEvtchnUpcall()).isEqualTo(ControlSetting.PERMIT);
        assertThat(r.getPolicyKey()).isEqualTo("instance:g1");
        assertThat(r.getPolicyVersion()).isEqualTo(7L);
        assertThat(r.getCreateKind()).isEqualTo(CreateKind.RESUME_FROM_HIBERNATION);
        assertThat(r.getImageId()).isEqualTo("host-17/hibernation-3");
        assertThat(r.getImageShutdownAbi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        assertThat(r.getEdgeFailsafe()).isEqualTo(EdgeFailsafeOutcome.NOT_APPLICABLE);
    }

    @Test
    void shouldSayWhenTheEdgeFailsafeDecidedInsteadOfADirective() {
        DomainCreated r = (DomainCreated) decode(forward(new HostEvent.DomainCreated(HOST, EVENT_TIME, "g1", 5, KERNEL,
                REQUESTED, GRANTED, Controls.DENY_FIFO, Optional.empty(), CreateKind.RESUME_FROM_HIBERNATION,
                Optional.of("host-3/hibernation-1"), EvtchnAbi.TWO_LEVEL, EdgeFailsafeOutcome.DENIED_FIFO)));

        assertThat(r.getEdgeFailsafe()).isEqualTo(EdgeFailsafeOutcome.DENIED_FIFO);
        assertThat(r.getPolicyKey()).isNull();
        assertThat(r.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
    }

    @Test
    void shouldLeaveThePolicyOfADomainCreatedUnderDefaultsNull() {
        DomainCreated r = (DomainCreated) decode(forward(new HostEvent.DomainCreated(HOST, EVENT_TIME, "g1", 5, KERNEL,
                REQUESTED, REQUESTED, Controls.UNSET, Optional.empty(), CreateKind.FRESH_BOOT, Optional.empty(),
                EvtchnAbi.UNKNOWN, EdgeFailsafeOutcome.NOT_APPLICABLE)));

        assertThat(r.getPolicyKey()).isNull();
        assertThat(r.getPolicyVersion()).isNull();
        assertThat(r.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.UNSET);
    }

    @Test
    void shouldCarryEveryFieldOfDomainCreateRefused() {
        OutboxEntry entry = forward(new HostEvent.DomainCreateRefused(HOST, EVENT_TIME, "g2", CreateKind.RESTORE,
                REQUESTED, Controls.DENY_FIFO, CreateRefusalReason.FIFO_GUEST_INTO_FIFO_DENIED_DOMAIN, OptionalInt.empty(),
                "guest engaged FIFO", Optional.of(new PolicyRef("instance:g2", 3))));

        DomainCreateRefused r = (DomainCreateRefused) decode(entry);
        assertThat(entry.key()).isEqualTo("g2");
        assertHeader(r.getHeader());
        assertThat(r.getInstanceId()).isEqualTo("g2");
        assertThat(r.getCreateKind()).isEqualTo(CreateKind.RESTORE);
        assertThat(r.getRequestedFlags().getNames()).containsExactly("hvm", "hap", "evtchn_fifo");
        assertThat(r.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
        assertThat(r.getReason()).isEqualTo(CreateRefusalReason.FIFO_GUEST_INTO_FIFO_DENIED_DOMAIN);
        assertThat(r.getRc()).isNull();
        assertThat(r.getDetail()).isEqualTo("guest engaged FIFO");
        assertThat(r.getPolicyKey()).isEqualTo("instance:g2");
        assertThat(r.getPolicyVersion()).isEqualTo(3L);
    }

    @Test
    void shouldCarryTheXenRcOfARefusalByXen() {
        DomainCreateRefused r = (DomainCreateRefused) decode(forward(new HostEvent.DomainCreateRefused(HOST, EVENT_TIME,
                "g2", CreateKind.FRESH_BOOT, REQUESTED, Controls.UNSET, CreateRefusalReason.UNKNOWN_CREATE_FLAG,
                OptionalInt.of(-22), "createdomain refused", Optional.empty())));

        assertThat(r.getRc()).isEqualTo(-22);
        assertThat(r.getPolicyKey()).isNull();
    }

    @Test
    void shouldCarryEveryFieldOfGuestBooted() {
        GuestBooted r = (GuestBooted) decode(forward(new HostEvent.GuestBooted(HOST, EVENT_TIME, "g3", 6,
                EvtchnAbi.TWO_LEVEL, OptionalInt.of(-38), "xen:events: Using 2-level ABI")));

        assertHeader(r.getHeader());
        assertThat(r.getInstanceId()).isEqualTo("g3");
        assertThat(r.getDomid()).isEqualTo(6);
        assertThat(r.getAbi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        assertThat(r.getInitControlRc()).isEqualTo(-38);
        assertThat(r.getKernelLogLine()).isEqualTo("xen:events: Using 2-level ABI");
    }

    @Test
    void shouldCarryEveryFieldOfGuestHibernated() {
        GuestHibernated r = (GuestHibernated) decode(forward(new HostEvent.GuestHibernated(HOST, EVENT_TIME, "g4", 7,
                "host-3/hibernation-1", EvtchnAbi.TWO_LEVEL)));

        assertHeader(r.getHeader());
        assertThat(r.getInstanceId()).isEqualTo("g4");
        assertThat(r.getDomid()).isEqualTo(7);
        assertThat(r.getImageId()).isEqualTo("host-3/hibernation-1");
        assertThat(r.getImageAbi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
    }

    @Test
    void shouldCarryEveryFieldOfGuestResumed() {
        GuestResumed r = (GuestResumed) decode(forward(new HostEvent.GuestResumed(HOST, EVENT_TIME, "g5", 8,
                "host-1/hibernation-4", EvtchnAbi.TWO_LEVEL, EvtchnAbi.TWO_LEVEL, EvtchnAbi.TWO_LEVEL, true)));

        assertHeader(r.getHeader());
        assertThat(r.getInstanceId()).isEqualTo("g5");
        assertThat(r.getDomid()).isEqualTo(8);
        assertThat(r.getImageId()).isEqualTo("host-1/hibernation-4");
        assertThat(r.getBootKernelAbi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        assertThat(r.getImageAbi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        assertThat(r.getXenAbi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        assertThat(r.getHealthy()).isTrue();
    }

    @Test
    void shouldCarryEveryFieldOfGuestResumeFailed() {
        GuestResumeFailed r = (GuestResumeFailed) decode(forward(new HostEvent.GuestResumeFailed(HOST, EVENT_TIME, "g6",
                9, Optional.of("host-1/hibernation-2"), ResumeFailureSymptom.EVENTS_RAISED_NOT_HANDLED,
                EvtchnAbi.TWO_LEVEL, EvtchnAbi.FIFO, 4, 5, 0, Optional.of("boot kernel fifo, resume kernel 2l"))));

        assertHeader(r.getHeader());
        assertThat(r.getInstanceId()).isEqualTo("g6");
        assertThat(r.getDomid()).isEqualTo(9);
        assertThat(r.getImageId()).isEqualTo("host-1/hibernation-2");
        assertThat(r.getSymptom()).isEqualTo(ResumeFailureSymptom.EVENTS_RAISED_NOT_HANDLED);
        assertThat(r.getImageAbi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        assertThat(r.getXenAbi()).isEqualTo(EvtchnAbi.FIFO);
        assertThat(r.getUpcallsCounted()).isEqualTo(4);
        assertThat(r.getEventsSent()).isEqualTo(5);
        assertThat(r.getEventsHandled()).isEqualTo(0);
        assertThat(r.getDetail()).isEqualTo("boot kernel fifo, resume kernel 2l");
    }

    @Test
    void shouldCarryEveryFieldOfDomainSaved() {
        DomainSaved r = (DomainSaved) decode(forward(new HostEvent.DomainSaved(HOST, EVENT_TIME, "g7", 10,
                "host-3/checkpoint-2", EvtchnAbi.FIFO, DENY_FIFO_PERMIT_UPCALL)));

        assertHeader(r.getHeader());
        assertThat(r.getInstanceId()).isEqualTo("g7");
        assertThat(r.getDomid()).isEqualTo(10);
        assertThat(r.getCheckpointId()).isEqualTo("host-3/checkpoint-2");
        assertThat(r.getAbi()).isEqualTo(EvtchnAbi.FIFO);
        assertThat(r.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
        assertThat(r.getControls().getEvtchnUpcall()).isEqualTo(ControlSetting.PERMIT);
    }

    @Test
    void shouldCarryEveryFieldOfDomainRestored() {
        DomainRestored r = (DomainRestored) decode(forward(new HostEvent.DomainRestored(HOST, EVENT_TIME, "g8", 11,
                "host-1/migration-3", Optional.of("host-1"), EvtchnAbi.FIFO, Controls.PERMIT_FIFO)));

        assertHeader(r.getHeader());
        assertThat(r.getInstanceId()).isEqualTo("g8");
        assertThat(r.getDomid()).isEqualTo(11);
        assertThat(r.getCheckpointId()).isEqualTo("host-1/migration-3");
        assertThat(r.getSourceHostId()).isEqualTo("host-1");
        assertThat(r.getAbi()).isEqualTo(EvtchnAbi.FIFO);
        assertThat(r.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.PERMIT);
        assertThat(r.getControls().getEvtchnUpcall()).isEqualTo(ControlSetting.UNSET);
    }

    @Test
    void shouldCarryEveryFieldOfDomainMigrated() {
        DomainMigrated r = (DomainMigrated) decode(forward(new HostEvent.DomainMigrated(HOST, EVENT_TIME, "g9", 12,
                "host-4", OptionalInt.of(3), EvtchnAbi.TWO_LEVEL, Controls.DENY_FIFO)));

        assertHeader(r.getHeader());
        assertThat(r.getInstanceId()).isEqualTo("g9");
        assertThat(r.getDomid()).isEqualTo(12);
        assertThat(r.getDestinationHostId()).isEqualTo("host-4");
        assertThat(r.getDestinationDomid()).isEqualTo(3);
        assertThat(r.getAbi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        assertThat(r.getCarriedControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
    }

    @Test
    void shouldCarryEveryFieldOfDomainDestroyed() {
        DomainDestroyed r = (DomainDestroyed) decode(forward(new HostEvent.DomainDestroyed(HOST, EVENT_TIME, "g10", 13,
                DestroyReason.HIBERNATED)));

        assertHeader(r.getHeader());
        assertThat(r.getInstanceId()).isEqualTo("g10");
        assertThat(r.getDomid()).isEqualTo(13);
        assertThat(r.getReason()).isEqualTo(DestroyReason.HIBERNATED);
    }

    @Test
    void shouldCarryEveryFieldOfHypercallResultAndKeyAControlDomainCallByHost() {
        OutboxEntry entry = forward(new HostEvent.HypercallResult(HOST, EVENT_TIME, Optional.empty(), 0, 32,
                "event_channel_op", 11, "init_control", -38, Optional.of("ENOSYS"), OptionalInt.of(1),
                Map.of("vcpu", 1L, "control_gfn", 4096L)));

        HypercallResult r = (HypercallResult) decode(entry);
        assertThat(entry.key()).isEqualTo("host-3");
        assertHeader(r.getHeader());
        assertThat(r.getInstanceId()).isNull();
        assertThat(r.getDomid()).isEqualTo(0);
        assertThat(r.getHypercallNumber()).isEqualTo(32);
        assertThat(r.getHypercallName()).isEqualTo("event_channel_op");
        assertThat(r.getCommandNumber()).isEqualTo(11);
        assertThat(r.getCommandName()).isEqualTo("init_control");
        assertThat(r.getRc()).isEqualTo(-38);
        assertThat(r.getErrnoName()).isEqualTo("ENOSYS");
        assertThat(r.getVcpu()).isEqualTo(1);
        assertThat(r.getArguments()).containsExactlyInAnyOrderEntriesOf(Map.of("vcpu", 1L, "control_gfn", 4096L));
    }

    @Test
    void shouldCarryEveryFieldOfAnAppliedPolicyAck() {
        OutboxEntry entry = forward(new HostEvent.PolicyAck(HOST, EVENT_TIME, DIRECTIVE, AckOutcome.APPLIED,
                Optional.empty(), Optional.of("applied at create"), Optional.of(new HostEvent.DomainRef("host-3", 14, "g1")),
                Optional.of(Controls.DENY_FIFO)));

        PolicyAck r = (PolicyAck) decode(entry);
        assertThat(entry.key()).isEqualTo("g1");
        assertHeader(r.getHeader());
        assertThat(r.getTarget().getKind()).isEqualTo(PolicyTargetKind.INSTANCE);
        assertThat(r.getTarget().getInstanceId()).isEqualTo("g1");
        assertThat(r.getDirectiveVersion()).isEqualTo(7);
        assertThat(r.getMode()).isEqualTo(PolicyMode.ENFORCE);
        assertThat(r.getOutcome()).isEqualTo(AckOutcome.APPLIED);
        assertThat(r.getRejectReason()).isNull();
        assertThat(r.getDetail()).isEqualTo("applied at create");
        assertThat(r.getDomain().getHostId()).isEqualTo("host-3");
        assertThat(r.getDomain().getDomid()).isEqualTo(14);
        assertThat(r.getDomain().getInstanceId()).isEqualTo("g1");
        assertThat(r.getAppliedControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
        assertThat(r.getAppliedControls().getEvtchnUpcall()).isEqualTo(ControlSetting.UNSET);
    }

    @Test
    void shouldKeyARejectedFamilyAckWithoutDomainByThePolicyKey() {
        AppliedPolicy family = new AppliedPolicy("family:linux-5.10@PROPOSED", 2, PolicyMode.ADVISE, Controls.DENY_FIFO);
        OutboxEntry entry = forward(new HostEvent.PolicyAck(HOST, EVENT_TIME, family, AckOutcome.REJECTED,
                Optional.of(AckRejectReason.CONFLICTS_WITH_IMAGE), Optional.of("guest engaged FIFO"), Optional.empty(),
                Optional.empty()));

        PolicyAck r = (PolicyAck) decode(entry);
        assertThat(entry.key()).isEqualTo("family:linux-5.10@PROPOSED");
        assertThat(r.getTarget().getKind()).isEqualTo(PolicyTargetKind.FAMILY);
        assertThat(r.getTarget().getSelector().getKernelFamily()).isEqualTo("linux-5.10");
        assertThat(r.getTarget().getSelector().getXenProfile()).isEqualTo(io.fleetcompat.schema.avro.XenProfile.PROPOSED);
        assertThat(r.getMode()).isEqualTo(PolicyMode.ADVISE);
        assertThat(r.getOutcome()).isEqualTo(AckOutcome.REJECTED);
        assertThat(r.getRejectReason()).isEqualTo(AckRejectReason.CONFLICTS_WITH_IMAGE);
        assertThat(r.getDomain()).isNull();
        assertThat(r.getAppliedControls()).isNull();
    }

    @Test
    void shouldCountWhatTheSinkQueuedAndWhatSamplingLeftOut() {
        // An ordinary successful call (EVTCHNOP_send) at sample rate 0: left out, and nothing is appended.
        forwarder.onEvent(new HostEvent.HypercallResult(HOST, EVENT_TIME, Optional.of("g1"), 5, 32, "event_channel_op",
                4, "send", 0, Optional.empty(), OptionalInt.empty(), Map.of("port", 3L)));
        forwarder.onEvent(new HostEvent.DomainDestroyed(HOST, EVENT_TIME, "g1", 5, DestroyReason.SHUTDOWN));

        assertThat(tally.counts()).isEqualTo(new EmitTally.Counts(1, 1, 0));
        assertThat(outbox.lastSequence("host-3")).isEqualTo(1);
    }
}
