package io.fleetcompat.agent.xen;

import static io.fleetcompat.agent.xen.Fixture.D;
import static io.fleetcompat.agent.xen.Fixture.DOM0;
import static io.fleetcompat.agent.xen.Fixture.SELF;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §9 scenarios 22 and 24, and the §5 continuation rules. */
class ResetScenariosTest {

    @Test
    void scenario22_resetOfAnotherDomainNeedsItPaused() {
        Fixture f = Fixture.xen2020();
        // Given D running (its creation pause released)
        assertThat(f.host.unpauseDomain(D).rc()).isZero();
        // When dom0 resets it, Then -EINVAL
        assertThat(f.as(DOM0, new EvtchnIn.Reset(D)).errno()).contains(Errno.EINVAL);
        // When paused first, Then 0
        f.host.pauseDomain(D);
        assertThat(f.as(DOM0, new EvtchnIn.Reset(D)).rc()).isZero();
        // When D resets dom0, Then -EPERM
        assertThat(f.d(new EvtchnIn.Reset(DOM0)).errno()).contains(Errno.EPERM);
    }

    @Test
    void scenario22_freshDomainCountsAsPaused() {
        Fixture f = Fixture.xen2020();
        assertThat(f.view().controllerPauseCount()).isEqualTo(1);
        assertThat(f.as(DOM0, new EvtchnIn.Reset(D)).rc()).isZero();
    }

    @Test
    void scenario24_unknownCommandAndStrayContinuation() {
        Fixture f = Fixture.xen2020();
        assertThat(f.host.eventChannelOp(D, 15, null).errno()).contains(Errno.ENOSYS);
        assertThat(f.host.eventChannelOp(D, 14, GuestHandle.of(new EvtchnIn.Reset(SELF))).errno())
                .contains(Errno.EBUSY);
    }

    @Test
    void preemptedResetContinuesTransparentlyAndRefusesAFreshResetMeanwhile() {
        // Given a FIFO D with 70 IPIs, and the reset loop preempted once at port 64
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        for (int i = 0; i < 70; i++) {
            f.bindIpi(0);
        }
        List<Integer> meanwhile = new ArrayList<>();
        f.host.faults().preemptResets(1, () -> meanwhile.add(f.d(new EvtchnIn.Reset(SELF)).rc()));
        // When D resets itself
        OpResult<EvtchnOut.Reset> r = f.d(new EvtchnIn.Reset(SELF));
        // Then the fresh reset issued between segments got -EBUSY and the whole reset finished
        assertThat(meanwhile).containsExactly(Errno.EBUSY.rc());
        assertThat(r.rc()).isZero();
        assertThat(f.view().ports()).extracting(DomainView.PortView::port).containsExactly(0);
        assertThat(f.view().abi()).isEqualTo(AbiMode.TWO_LEVEL);
    }

    @Test
    void bindRacingWithAResetGivesEagainAndKeepsTheAbi() {
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        for (int i = 0; i < 70; i++) {
            f.bindIpi(0);
        }
        // Given another vCPU binds a port below the reset cursor while the reset is preempted
        f.host.faults().preemptResets(1, () -> f.bindIpi(1));
        // When D resets itself, Then -EAGAIN and D stays FIFO
        assertThat(f.d(new EvtchnIn.Reset(SELF)).errno()).contains(Errno.EAGAIN);
        assertThat(f.view().abi()).isEqualTo(AbiMode.FIFO);
        assertThat(f.status(1).status()).isEqualTo(EvtchnStatus.IPI);
    }

    @Test
    void resetKeepsXenAttachedChannels() {
        Fixture f = Fixture.xen2020();
        int xen = f.host.allocXenAttachedChannel(D, DOM0, (dom, port) -> { }).out();
        f.bindIpi(0);
        assertThat(f.d(new EvtchnIn.Reset(SELF)).rc()).isZero();
        assertThat(f.port(xen).xenAttached()).isTrue();
        assertThat(f.port(xen).state()).isEqualTo(ChannelState.UNBOUND);
        assertThat(f.port(2).state()).isEqualTo(ChannelState.FREE);
    }
}
