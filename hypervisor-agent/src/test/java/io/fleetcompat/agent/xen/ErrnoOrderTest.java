package io.fleetcompat.agent.xen;

import static io.fleetcompat.agent.xen.Fixture.A0;
import static io.fleetcompat.agent.xen.Fixture.D;
import static io.fleetcompat.agent.xen.Fixture.DOM0;
import static io.fleetcompat.agent.xen.Fixture.G0;
import static io.fleetcompat.agent.xen.Fixture.SELF;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every errno path of §2.3, §4.3, §4.4, §5 and §2.1 in evaluation order, as a table (op, given, expected), in
 * the manner of Xen's tools/tests: each row's inputs would also fail a later check, so the row proves the
 * order. Fixture: XEN_2020, D = domU 1 with 4 vCPUs; domain 2 exists unprivileged.
 */
class ErrnoOrderTest {

    private static final Consumer<Fixture> NOTHING = f -> { };
    private static final int PV = 2;
    private static final long BAD_GFN = GuestMemory.MAX_GFN + 1;

    record Case(String name, Consumer<Fixture> given, Function<Fixture, OpResult<?>> when, Errno expected) {
        @Override
        public String toString() {
            return name + " -> " + expected;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // bind_interdomain (0)
                new Case("bind_interdomain: missing remote domain before dying allocator", f -> f.host.markDying(D),
                        f -> f.d(new EvtchnIn.BindInterdomain(99, 0)), Errno.ESRCH),
                new Case("bind_interdomain: dying allocator before bad remote port", f -> f.host.markDying(D),
                        f -> f.d(new EvtchnIn.BindInterdomain(SELF, 9999)), Errno.EINVAL),
                new Case("bind_interdomain: remote port not valid", NOTHING,
                        f -> f.d(new EvtchnIn.BindInterdomain(DOM0, 64)), Errno.EINVAL),
                new Case("bind_interdomain: remote not accepting caller", f -> f.as(DOM0,
                        new EvtchnIn.AllocUnbound(DOM0, 2)), f -> f.d(new EvtchnIn.BindInterdomain(DOM0, 1)),
                        Errno.EINVAL),
                new Case("bind_interdomain: allocation -ENOMEM", ErrnoOrderTest::fillFirstBucketWithBucketFault,
                        f -> f.d(new EvtchnIn.BindInterdomain(SELF, 1)), Errno.ENOMEM),
                // bind_virq (1)
                new Case("bind_virq: virq >= 24 before vCPU", NOTHING,
                        f -> f.d(new EvtchnIn.BindVirq(24, 9)), Errno.EINVAL),
                new Case("bind_virq: global virq on vCPU != 0 before vCPU", NOTHING,
                        f -> f.d(new EvtchnIn.BindVirq(5, 9)), Errno.EINVAL),
                new Case("bind_virq: vCPU missing", NOTHING, f -> f.d(new EvtchnIn.BindVirq(0, 4)), Errno.ENOENT),
                new Case("bind_virq: already bound before allocation", f -> {
                    f.d(new EvtchnIn.BindVirq(0, 1));
                    f.host.markDying(D);
                }, f -> f.d(new EvtchnIn.BindVirq(0, 1)), Errno.EEXIST),
                new Case("bind_virq: allocation -EINVAL when dying", f -> f.host.markDying(D),
                        f -> f.d(new EvtchnIn.BindVirq(0, 0)), Errno.EINVAL),
                // bind_pirq (2)
                new Case("bind_pirq: pirq out of range before permission", NOTHING,
                        f -> f.as(PV, new EvtchnIn.BindPirq(DomainConfig.DEFAULT_NR_PIRQS, 0)), Errno.EINVAL),
                new Case("bind_pirq: PV without permission", NOTHING,
                        f -> f.as(PV, new EvtchnIn.BindPirq(3, 0)), Errno.EPERM),
                new Case("bind_pirq: already bound", f -> f.d(new EvtchnIn.BindPirq(3, 0)),
                        f -> f.d(new EvtchnIn.BindPirq(3, 0)), Errno.EEXIST),
                new Case("bind_pirq: metadata -ENOMEM", f -> f.host.faults().failNext(FaultPoint.PIRQ_METADATA,
                        Errno.ENOMEM), f -> f.d(new EvtchnIn.BindPirq(3, 0)), Errno.ENOMEM),
                new Case("bind_pirq: PV physical bind error", f -> f.host.faults().failNext(
                        FaultPoint.PIRQ_PHYSICAL_BIND, Errno.EBUSY), f -> f.as(PV, new EvtchnIn.BindPirq(1, 0)),
                        Errno.EBUSY),
                // close (3)
                new Case("close: port not valid", NOTHING, f -> f.d(new EvtchnIn.Close(64)), Errno.EINVAL),
                new Case("close: Xen-attached", ErrnoOrderTest::xenAttachedPort1,
                        f -> f.d(new EvtchnIn.Close(1)), Errno.EINVAL),
                new Case("close: FREE", NOTHING, f -> f.d(new EvtchnIn.Close(5)), Errno.EINVAL),
                // send (4)
                new Case("send: port not valid", NOTHING, f -> f.d(new EvtchnIn.Send(64)), Errno.EINVAL),
                new Case("send: Xen-attached", ErrnoOrderTest::xenAttachedPort1,
                        f -> f.d(new EvtchnIn.Send(1)), Errno.EINVAL),
                new Case("send: VIRQ", f -> f.d(new EvtchnIn.BindVirq(0, 0)),
                        f -> f.d(new EvtchnIn.Send(1)), Errno.EINVAL),
                // status (5)
                new Case("status: missing domain", NOTHING, f -> f.d(new EvtchnIn.Status(99, 0)), Errno.ESRCH),
                new Case("status: port not valid before privilege", NOTHING,
                        f -> f.as(PV, new EvtchnIn.Status(D, 64)), Errno.EINVAL),
                new Case("status: Xen-attached before privilege", ErrnoOrderTest::xenAttachedPort1,
                        f -> f.as(PV, new EvtchnIn.Status(D, 1)), Errno.EACCES),
                new Case("status: not privileged over target", NOTHING,
                        f -> f.as(PV, new EvtchnIn.Status(D, 0)), Errno.EPERM),
                // alloc_unbound (6)
                new Case("alloc_unbound: missing domain", NOTHING,
                        f -> f.d(new EvtchnIn.AllocUnbound(99, SELF)), Errno.ESRCH),
                new Case("alloc_unbound: allocation before privilege", f -> f.host.markDying(D),
                        f -> f.as(PV, new EvtchnIn.AllocUnbound(D, SELF)), Errno.EINVAL),
                new Case("alloc_unbound: not privileged", NOTHING,
                        f -> f.as(PV, new EvtchnIn.AllocUnbound(D, SELF)), Errno.EPERM),
                // bind_ipi (7)
                new Case("bind_ipi: vCPU missing before allocation", f -> f.host.markDying(D),
                        f -> f.d(new EvtchnIn.BindIpi(4)), Errno.ENOENT),
                // bind_vcpu (8)
                new Case("bind_vcpu: vCPU before port", NOTHING,
                        f -> f.d(new EvtchnIn.BindVcpu(9999, 4)), Errno.ENOENT),
                new Case("bind_vcpu: port not valid", NOTHING, f -> f.d(new EvtchnIn.BindVcpu(64, 1)), Errno.EINVAL),
                new Case("bind_vcpu: Xen-attached", ErrnoOrderTest::xenAttachedPort1,
                        f -> f.d(new EvtchnIn.BindVcpu(1, 1)), Errno.EINVAL),
                new Case("bind_vcpu: IPI", f -> f.bindIpi(0), f -> f.d(new EvtchnIn.BindVcpu(1, 1)), Errno.EINVAL),
                // unmask (9)
                new Case("unmask: port not valid", NOTHING, f -> f.d(new EvtchnIn.Unmask(64)), Errno.EINVAL),
                // reset (10) / reset_cont (14)
                new Case("reset: argument unreadable", NOTHING, f -> f.host.eventChannelOp(D,
                        GuestHandle.unreadable(new EvtchnIn.Reset(99))), Errno.EFAULT),
                new Case("reset: missing domain", NOTHING, f -> f.d(new EvtchnIn.Reset(99)), Errno.ESRCH),
                new Case("reset: not privileged before pause check", NOTHING,
                        f -> f.as(PV, new EvtchnIn.Reset(D)), Errno.EPERM),
                new Case("reset: target running", f -> f.host.unpauseDomain(D),
                        f -> f.as(DOM0, new EvtchnIn.Reset(D)), Errno.EINVAL),
                new Case("reset_cont: no reset in progress", NOTHING,
                        f -> f.d(new EvtchnIn.ResetCont(SELF)), Errno.EBUSY),
                // init_control (11)
                new Case("init_control: vCPU before offset", NOTHING,
                        f -> f.d(new EvtchnIn.InitControl(BAD_GFN, 4032, 4)), Errno.ENOENT),
                new Case("init_control: offset above 4024 before gfn", NOTHING,
                        f -> f.d(new EvtchnIn.InitControl(BAD_GFN, 4032, 0)), Errno.EINVAL),
                new Case("init_control: offset misaligned", NOTHING,
                        f -> f.d(new EvtchnIn.InitControl(G0, 4, 0)), Errno.EINVAL),
                new Case("init_control: per-vCPU state -ENOMEM", f -> f.host.faults().failNext(
                        FaultPoint.FIFO_VCPU_STATE, Errno.ENOMEM), f -> f.d(new EvtchnIn.InitControl(BAD_GFN, 0, 0)),
                        Errno.ENOMEM),
                new Case("init_control: array -ENOMEM", f -> f.host.faults().failNext(FaultPoint.FIFO_ARRAY,
                        Errno.ENOMEM), f -> f.d(new EvtchnIn.InitControl(BAD_GFN, 0, 0)), Errno.ENOMEM),
                new Case("init_control: gfn not the caller's", NOTHING,
                        f -> f.d(new EvtchnIn.InitControl(BAD_GFN, 0, 0)), Errno.EINVAL),
                new Case("init_control: mapping -ENOMEM", f -> f.host.faults().failNext(FaultPoint.GFN_MAP,
                        Errno.ENOMEM), f -> f.d(new EvtchnIn.InitControl(G0, 0, 0)), Errno.ENOMEM),
                new Case("init_control: vCPU already has a block before gfn", Fixture::engageFifo,
                        f -> f.d(new EvtchnIn.InitControl(BAD_GFN, 0, 0)), Errno.EINVAL),
                // expand_array (12)
                new Case("expand_array: 2-level", NOTHING, f -> f.d(new EvtchnIn.ExpandArray(BAD_GFN)),
                        Errno.EOPNOTSUPP),
                new Case("expand_array: 128 pages before gfn", f -> {
                    f.engageFifo();
                    for (int i = 0; i < 128; i++) {
                        f.d(new EvtchnIn.ExpandArray(A0 + i));
                    }
                }, f -> f.d(new EvtchnIn.ExpandArray(BAD_GFN)), Errno.ENOSPC),
                new Case("expand_array: gfn not the caller's", Fixture::engageFifo,
                        f -> f.d(new EvtchnIn.ExpandArray(BAD_GFN)), Errno.EINVAL),
                new Case("expand_array: mapping -ENOMEM", f -> {
                    f.engageFifo();
                    f.host.faults().failNext(FaultPoint.GFN_MAP, Errno.ENOMEM);
                }, f -> f.d(new EvtchnIn.ExpandArray(A0)), Errno.ENOMEM),
                // set_priority (13)
                new Case("set_priority: port not valid before 2-level", NOTHING,
                        f -> f.d(new EvtchnIn.SetPriority(64, 99)), Errno.EINVAL),
                new Case("set_priority: 2-level", NOTHING, f -> f.d(new EvtchnIn.SetPriority(5, 99)), Errno.ENOSYS),
                new Case("set_priority: channel not usable before priority", Fixture::engageFifo,
                        f -> f.d(new EvtchnIn.SetPriority(5, 99)), Errno.EACCES),
                new Case("set_priority: priority above 15", f -> {
                    f.engageFifo();
                    f.bindIpi(0);
                }, f -> f.d(new EvtchnIn.SetPriority(1, 16)), Errno.EINVAL),
                // dispatcher (§2.1)
                new Case("dispatcher: unknown command", NOTHING, f -> f.host.eventChannelOp(D, -1, null),
                        Errno.ENOSYS),
                new Case("dispatcher: argument unreadable", NOTHING, f -> f.host.eventChannelOp(D,
                        GuestHandle.unreadable(new EvtchnIn.BindIpi(0))), Errno.EFAULT));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void errnoFollowsXensCheckOrder(Case c) {
        Fixture f = Fixture.xen2020();
        f.host.createDomain(DomainConfig.of(PV, 0, 1).withPirqs(DomainConfig.DEFAULT_NR_PIRQS, Set.of(1)));
        c.given().accept(f);
        assertThat(c.when().apply(f).errno()).as(c.name()).contains(c.expected());
    }

    @Test
    void failedCopyOutIsEfaultButTheBindingStays() {
        Fixture f = Fixture.xen2020();
        OpResult<EvtchnOut.BindIpi> r = f.host.eventChannelOp(D, GuestHandle.uncopyable(new EvtchnIn.BindIpi(2)));
        assertThat(r.errno()).contains(Errno.EFAULT);
        assertThat(f.status(1)).extracting(EvtchnOut.Status::status, EvtchnOut.Status::vcpu)
                .containsExactly(EvtchnStatus.IPI, 2);
    }

    @Test
    void failedInitControlLeavesDomainTwoLevel() {
        Fixture f = Fixture.xen2020();
        f.host.faults().failNext(FaultPoint.GFN_MAP, Errno.ENOMEM);
        f.d(new EvtchnIn.InitControl(G0, 0, 0));
        assertThat(f.view().abi()).isEqualTo(AbiMode.TWO_LEVEL);
        assertThat(f.d(new EvtchnIn.InitControl(G0, 0, 0)).rc()).isZero();
    }

    @Test
    void allocUnboundRefusedForPrivilegeLeavesThePortFree() {
        Fixture f = Fixture.xen2020();
        f.host.createDomain(DomainConfig.of(PV, 0, 1));
        f.as(PV, new EvtchnIn.AllocUnbound(D, SELF));
        assertThat(f.d(new EvtchnIn.AllocUnbound(SELF, SELF)).out().port()).isEqualTo(1);
    }

    private static void xenAttachedPort1(Fixture f) {
        f.host.allocXenAttachedChannel(D, DOM0, (dom, port) -> { });
    }

    /** Ports 1..63 bound, so the next allocation must materialise a bucket, which is armed to fail. */
    private static void fillFirstBucketWithBucketFault(Fixture f) {
        f.d(new EvtchnIn.AllocUnbound(SELF, SELF));
        for (int i = 2; i < Domain.PORTS_PER_BUCKET; i++) {
            f.bindIpi(0);
        }
        f.host.faults().failNext(FaultPoint.PORT_BUCKET, Errno.ENOMEM);
    }
}
