package io.fleetcompat.agent.host;

import static io.fleetcompat.agent.host.Hosts.GUEST;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.xen.HostConfig;
import io.fleetcompat.agent.xen.XenProfile;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.CreateRefusalReason;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.ResumeFailureSymptom;
import org.junit.jupiter.api.Test;

/** The flags follow the domain (§1.5) and a FIFO guest never lands in a FIFO-denied domain (§7.4). */
class RestoreAndMigrationTest {

    private final RecordingListener events = new RecordingListener();
    private final InMemoryPolicyLookup policies = new InMemoryPolicyLookup();

    @Test
    void shouldRefuseRestoringAFifoGuestIntoADeniedDomain() {
        // Given a guest that engaged FIFO and was saved, then a deny directive for it
        HostToolstack host = Hosts.host("host-a", XenProfile.PROPOSED, policies, events);
        host.bootFresh(Hosts.linux());
        Checkpoint checkpoint = host.save(GUEST).orElseThrow();
        assertThat(checkpoint.controls().evtchnFifo()).isEqualTo(ControlSetting.PERMIT);
        policies.putInstance(GUEST, 4, PolicyMode.ENFORCE, Controls.DENY_FIFO);
        events.clear();

        // When it is restored
        LifecycleOutcome outcome = host.restore(checkpoint);

        // Then no domain is created, the refusal names the reason and the directive, and the ack rejects it
        assertThat(outcome).isEqualTo(LifecycleOutcome.REFUSED);
        assertThat(host.domidOf(GUEST)).isEmpty();
        assertThat(events.ofType(HostEvent.DomainCreated.class)).isEmpty();
        HostEvent.DomainCreateRefused refused = events.single(HostEvent.DomainCreateRefused.class);
        assertThat(refused.createKind()).isEqualTo(CreateKind.RESTORE);
        assertThat(refused.reason()).isEqualTo(CreateRefusalReason.FIFO_GUEST_INTO_FIFO_DENIED_DOMAIN);
        assertThat(refused.rc()).isEmpty();
        assertThat(refused.policy()).contains(new PolicyRef("instance:" + GUEST, 4));
        HostEvent.PolicyAck ack = events.single(HostEvent.PolicyAck.class);
        assertThat(ack.outcome()).isEqualTo(AckOutcome.REJECTED);
        assertThat(ack.rejectReason()).contains(AckRejectReason.CONFLICTS_WITH_IMAGE);
        assertThat(ack.domain()).isEmpty();
    }

    @Test
    void shouldRestoreAFifoGuestWithItsCarriedPermitUnderAFamilyDenial() {
        // Given a guest that engaged FIFO and was saved, then an enforced denial of its kernel family on this profile
        HostToolstack host = Hosts.host("host-a", XenProfile.PROPOSED, policies, events);
        host.bootFresh(Hosts.linux());
        Checkpoint checkpoint = host.save(GUEST).orElseThrow();
        policies.putFamily("linux-5.10", XenProfile.PROPOSED, 2, PolicyMode.ENFORCE, Controls.DENY_FIFO);
        events.clear();

        // When it is restored
        LifecycleOutcome outcome = host.restore(checkpoint);

        // Then the family directive does not cover it: the carried permit stands, and nothing is refused or rejected
        assertThat(outcome).isEqualTo(LifecycleOutcome.DONE);
        assertThat(host.controlsOf(GUEST).orElseThrow().evtchnFifo()).isEqualTo(ControlSetting.PERMIT);
        assertThat(events.single(HostEvent.DomainCreated.class).policy()).isEmpty();
        assertThat(events.single(HostEvent.DomainRestored.class).abi()).isEqualTo(EvtchnAbi.FIFO);
        assertThat(events.ofType(HostEvent.DomainCreateRefused.class)).isEmpty();
        assertThat(events.ofType(HostEvent.PolicyAck.class)).isEmpty();
    }

    @Test
    void shouldMigrateAFifoGuestUnderAFamilyDenialButApplyItToATwoLevelOne() {
        // Given an enforced denial of linux-5.10 on PROPOSED, set after a FIFO guest booted on host A
        HostToolstack a = Hosts.host("host-a", XenProfile.PROPOSED, policies, events);
        HostToolstack b = Hosts.host("host-b", XenProfile.PROPOSED, policies, events);
        a.bootFresh(Hosts.linux());
        policies.putFamily("linux-5.10", XenProfile.PROPOSED, 2, PolicyMode.ENFORCE, Controls.DENY_FIFO);
        events.clear();

        // When it migrates to host B
        assertThat(a.migrateTo(GUEST, b)).isEqualTo(LifecycleOutcome.DONE);

        // Then it keeps FIFO on B, outside the family directive
        assertThat(b.controlsOf(GUEST).orElseThrow().evtchnFifo()).isEqualTo(ControlSetting.PERMIT);
        assertThat(events.ofType(HostEvent.DomainCreateRefused.class)).isEmpty();
        assertThat(events.ofType(HostEvent.PolicyAck.class)).isEmpty();

        // When a guest of the family boots afresh on B (2-level under the denial) and migrates back to A
        b.destroy(GUEST, DestroyReason.SHUTDOWN);
        b.bootFresh(Hosts.linux());
        events.clear();
        assertThat(b.migrateTo(GUEST, a)).isEqualTo(LifecycleOutcome.DONE);

        // Then the family directive applies to that migration as before
        assertThat(events.single(HostEvent.DomainCreated.class).policy())
                .contains(new PolicyRef("family:linux-5.10@PROPOSED", 2));
        assertThat(events.single(HostEvent.PolicyAck.class).outcome()).isEqualTo(AckOutcome.APPLIED);
    }

    @Test
    void shouldRefuseMigratingAFifoGuestToAHostBuiltWithoutFifoAndKeepItRunning() {
        HostToolstack source = Hosts.host("host-a", XenProfile.PROPOSED, policies, events);
        HostToolstack noFifo = Hosts.host("host-b", HostConfig.of(XenProfile.PROPOSED).withFifoBuiltIn(false),
                policies, events, ToolstackOptions.DEFAULTS);
        source.bootFresh(Hosts.linux());
        events.clear();

        LifecycleOutcome outcome = source.migrateTo(GUEST, noFifo);

        assertThat(outcome).isEqualTo(LifecycleOutcome.REFUSED);
        HostEvent.DomainCreateRefused refused = events.single(HostEvent.DomainCreateRefused.class);
        assertThat(refused.host().hostId()).isEqualTo("host-b");
        assertThat(refused.reason()).isEqualTo(CreateRefusalReason.FIFO_NOT_BUILT_IN);
        assertThat(source.domidOf(GUEST)).isPresent();
        assertThat(events.ofType(HostEvent.DomainMigrated.class)).isEmpty();
    }

    @Test
    void shouldBugTheRestoredKernelWhenTheInterlockIsOff() {
        // Given the interlock switched off (demonstration only) and a deny directive for a FIFO guest
        HostToolstack host = Hosts.host("host-a", HostConfig.of(XenProfile.PROPOSED), policies, events,
                ToolstackOptions.DEFAULTS.withFifoRestoreInterlock(false));
        host.bootFresh(Hosts.linux());
        Checkpoint checkpoint = host.save(GUEST).orElseThrow();
        policies.putInstance(GUEST, 1, PolicyMode.ENFORCE, Controls.DENY_FIFO);
        events.clear();

        // When it is restored into the denied domain
        LifecycleOutcome outcome = host.restore(checkpoint);

        // Then the resume-time init_control BUGs the kernel and the crashed domain is destroyed
        assertThat(outcome).isEqualTo(LifecycleOutcome.GUEST_CRASHED);
        HostEvent.GuestResumeFailed failed = events.single(HostEvent.GuestResumeFailed.class);
        assertThat(failed.symptom()).isEqualTo(ResumeFailureSymptom.INIT_CONTROL_BUG);
        assertThat(failed.imageAbi()).isEqualTo(EvtchnAbi.FIFO);
        assertThat(failed.detail().orElseThrow()).contains("init_control");
        assertThat(events.ofType(HostEvent.DomainDestroyed.class)).extracting(HostEvent.DomainDestroyed::reason)
                .containsExactly(DestroyReason.CRASHED);
        assertThat(events.ofType(HostEvent.HypercallResult.class))
                .anyMatch(h -> h.commandName().equals("EVTCHNOP_init_control") && h.rc() == -38);
    }

    @Test
    void shouldCarryDeniedControlsAcrossSaveAndRestoreAfterTheDirectiveIsGone() {
        // Given a guest created under a deny directive, saved, and the directive removed
        policies.putInstance(GUEST, 1, PolicyMode.ENFORCE, Controls.DENY_FIFO);
        HostToolstack host = Hosts.host("host-a", XenProfile.PROPOSED, policies, events);
        host.bootFresh(Hosts.linux());
        Checkpoint checkpoint = host.save(GUEST).orElseThrow();
        policies.remove("instance:" + GUEST);
        events.clear();

        // When it is restored
        assertThat(host.restore(checkpoint)).isEqualTo(LifecycleOutcome.DONE);

        // Then the new domain is still denied FIFO, by the carried controls rather than a directive
        int domid = host.domidOf(GUEST).orElseThrow();
        assertThat(host.xen().inspect(domid).flags()).doesNotContain("evtchn_fifo");
        HostEvent.DomainCreated created = events.single(HostEvent.DomainCreated.class);
        assertThat(created.createKind()).isEqualTo(CreateKind.RESTORE);
        assertThat(created.policy()).isEmpty();
        HostEvent.DomainRestored restored = events.single(HostEvent.DomainRestored.class);
        assertThat(restored.controls().evtchnFifo()).isEqualTo(ControlSetting.DENY);
        assertThat(restored.sourceHostId()).isEmpty();
        assertThat(restored.abi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
    }

    @Test
    void shouldCarryControlsAcrossMigration() {
        // Given a guest running FIFO-denied on host A, with no directive on the way
        policies.putInstance(GUEST, 1, PolicyMode.ENFORCE, Controls.DENY_FIFO);
        HostToolstack a = Hosts.host("host-a", XenProfile.PROPOSED, policies, events);
        HostToolstack b = Hosts.host("host-b", XenProfile.PROPOSED, PolicyLookup.NONE, events);
        a.bootFresh(Hosts.linux());
        events.clear();

        // When it migrates to host B
        assertThat(a.migrateTo(GUEST, b)).isEqualTo(LifecycleOutcome.DONE);

        // Then the stream carried the denial and B's domain has it
        HostEvent.DomainMigrated migrated = events.single(HostEvent.DomainMigrated.class);
        assertThat(migrated.destinationHostId()).isEqualTo("host-b");
        assertThat(migrated.carriedControls().evtchnFifo()).isEqualTo(ControlSetting.DENY);
        assertThat(b.xen().inspect(b.domidOf(GUEST).orElseThrow()).flags()).doesNotContain("evtchn_fifo");
        assertThat(events.single(HostEvent.DomainCreated.class).createKind()).isEqualTo(CreateKind.MIGRATION_IN);
        assertThat(events.single(HostEvent.DomainRestored.class).sourceHostId()).contains("host-a");
        assertThat(a.domidOf(GUEST)).isEmpty();
        assertThat(events.ofType(HostEvent.DomainDestroyed.class)).extracting(HostEvent.DomainDestroyed::reason)
                .containsExactly(DestroyReason.MIGRATED_OUT);
    }

    @Test
    void shouldRestoreAFifoGuestHealthyWithItsPermitCarried() {
        HostToolstack a = Hosts.host("host-a", XenProfile.PROPOSED, policies, events);
        HostToolstack b = Hosts.host("host-b", XenProfile.PROPOSED, policies, events);
        a.bootFresh(Hosts.linux());
        Checkpoint stream = a.migrateOut(GUEST, "host-b").orElseThrow();

        assertThat(b.migrateIn(stream)).isEqualTo(LifecycleOutcome.DONE);
        assertThat(events.single(HostEvent.DomainRestored.class).abi()).isEqualTo(EvtchnAbi.FIFO);
        assertThat(b.controlsOf(GUEST).orElseThrow().evtchnFifo()).isEqualTo(ControlSetting.PERMIT);
    }
}
