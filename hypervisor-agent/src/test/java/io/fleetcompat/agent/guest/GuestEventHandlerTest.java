package io.fleetcompat.agent.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.xen.DomainConfig;
import io.fleetcompat.agent.xen.EventWord;
import io.fleetcompat.agent.xen.EvtchnIn;
import io.fleetcompat.agent.xen.XenHost;
import io.fleetcompat.agent.xen.XenProfile;
import org.junit.jupiter.api.Test;

/** The kernel-less handler behind the console's "consume" follows Linux's scan rules (§3.4, §4.5). */
class GuestEventHandlerTest {

    private static final int D = 1;
    private static final int HVM_HAP = 0x3;

    @Test
    void shouldHandleOnlyThePortsOfTheConsumingVcpuInTwoLevel() {
        // Given ports 1 (vCPU0) and 2 (vCPU1) in the same selector word, both sent
        XenHost host = host();
        int p0 = host.eventChannelOp(D, new EvtchnIn.BindIpi(0)).out().port();
        int p1 = host.eventChannelOp(D, new EvtchnIn.BindIpi(1)).out().port();
        host.eventChannelOp(D, new EvtchnIn.Send(p0));
        host.eventChannelOp(D, new EvtchnIn.Send(p1));
        // When vCPU0's handler runs, Then it takes only its own port (§3.4) and leaves vCPU1's pending
        assertThat(GuestEventHandler.consume(host, D, 0)).containsExactly(p0);
        assertThat(host.sharedInfo(D).isPending(p1)).isTrue();
        // And vCPU1's handler takes the other
        assertThat(GuestEventHandler.consume(host, D, 1)).containsExactly(p1);
    }

    @Test
    void shouldUnlinkButNotHandleAFreePortInAFifoQueue() {
        // Given a FIFO domain whose port 1 is queued, then closed before the guest consumed it (§4.6 busy)
        XenHost host = host();
        host.eventChannelOp(D, new EvtchnIn.InitControl(0x1000, 0, 0)).out();
        int port = host.eventChannelOp(D, new EvtchnIn.BindIpi(0)).out().port();
        host.eventChannelOp(D, new EvtchnIn.ExpandArray(0x2000)).out();
        host.eventChannelOp(D, new EvtchnIn.Send(port));
        host.eventChannelOp(D, new EvtchnIn.Close(port)).out();
        // close cleared P; the stale event is made visible again as a guest write would leave it
        host.guestMemory(D).writeWord(0x2000, port, host.guestMemory(D).readWord(0x2000, port) | EventWord.PENDING);
        // When the handler runs, Then no IRQ exists for the port: nothing is handled, but the word is unlinked
        assertThat(GuestEventHandler.consume(host, D, 0)).isEmpty();
        assertThat(host.inspectPort(D, port).word().orElseThrow().l()).isFalse();
    }

    private static XenHost host() {
        XenHost host = XenHost.of(XenProfile.XEN_2020);
        host.createDomain(DomainConfig.of(D, HVM_HAP, 2));
        return host;
    }
}
