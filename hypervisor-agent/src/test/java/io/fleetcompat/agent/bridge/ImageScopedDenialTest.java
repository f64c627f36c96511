package io.fleetcompat.agent.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.guest.KernelProfile;
import io.fleetcompat.agent.host.GuestSpec;
import io.fleetcompat.agent.host.HibernatedGuest;
import io.fleetcompat.agent.host.HostEvent;
import io.fleetcompat.agent.host.HostToolstack;
import io.fleetcompat.agent.host.LifecycleOutcome;
import io.fleetcompat.agent.host.PolicyRef;
import io.fleetcompat.agent.host.RecordingListener;
import io.fleetcompat.agent.policy.Directives;
import io.fleetcompat.agent.policy.PolicyTable;
import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.HostConfig;
import io.fleetcompat.agent.xen.XenProfile;
import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EvtchnAbi;
import org.junit.jupiter.api.Test;

/**
 * fleet-stream's denial for a 2-level hibernation image (lift condition IMAGE_CONSUMED) guards the resume of that
 * image; a later fresh boot gets the host's defaults, engages FIFO, and can hibernate under FIFO, which is what
 * lets fleet-stream lift the denial. Through the agent's real table and lookup.
 */
class ImageScopedDenialTest {

    private static final String GUEST = "7d0c7a52-0000-4000-8000-00000000005a";

    private final RecordingListener events = new RecordingListener();
    private final PolicyTable table = new PolicyTable();
    private final TablePolicyLookup lookup = new TablePolicyLookup(table);

    @Test
    void shouldDenyFifoToTheResumeOfTheImageButNotToALaterFreshBoot() {
        GuestSpec guest = GuestSpec.hvm(GUEST, KernelProfile.LINUX_5_10, 2);
        HostToolstack legacy = HostToolstack.of("legacy-1", HostConfig.of(XenProfile.LEGACY_2L), lookup, events);
        legacy.bootFresh(guest);
        HibernatedGuest image = legacy.hibernate(GUEST).orElseThrow();
        assertThat(image.imageAbi()).isEqualTo(AbiMode.TWO_LEVEL);
        table.apply(PolicyTargetKeys.INSTANCE_PREFIX + GUEST, Directives.imageDenial(GUEST, 1));
        HostToolstack modern = HostToolstack.of("modern-1", HostConfig.of(XenProfile.PROPOSED), lookup, events);
        events.clear();

        // The resume is denied FIFO and comes back healthy
        assertThat(modern.resumeFromHibernation(image)).isEqualTo(LifecycleOutcome.DONE);
        HostEvent.DomainCreated resumed = events.single(HostEvent.DomainCreated.class);
        assertThat(resumed.createKind()).isEqualTo(CreateKind.RESUME_FROM_HIBERNATION);
        assertThat(resumed.controls().evtchnFifo()).isEqualTo(ControlSetting.DENY);
        assertThat(resumed.policy()).contains(new PolicyRef(PolicyTargetKeys.INSTANCE_PREFIX + GUEST, 1));
        assertThat(events.single(HostEvent.GuestResumed.class).healthy()).isTrue();

        // A fresh boot later (the image is gone) is not the directive's business: defaults, FIFO
        modern.destroy(GUEST, DestroyReason.ADMIN_DESTROY);
        events.clear();
        assertThat(modern.bootFresh(guest)).isEqualTo(LifecycleOutcome.DONE);
        HostEvent.DomainCreated fresh = events.single(HostEvent.DomainCreated.class);
        assertThat(fresh.controls().evtchnFifo()).isEqualTo(ControlSetting.PERMIT);
        assertThat(fresh.policy()).isEmpty();
        assertThat(events.ofType(HostEvent.PolicyAck.class)).isEmpty();
        assertThat(events.single(HostEvent.GuestBooted.class).abi()).isEqualTo(EvtchnAbi.FIFO);
        // so it hibernates under FIFO: the fact fleet-stream lifts the denial on
        assertThat(modern.hibernate(GUEST).orElseThrow().imageAbi()).isEqualTo(AbiMode.FIFO);
    }
}
