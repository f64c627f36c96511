package io.fleetcompat.agent.xen;

import java.util.ArrayList;
import java.util.List;

/**
 * The §9 fixture: dom0 is the control domain, D = domU 1, x86 HVM, 64-bit layout, 4 vCPUs, max_evtchn_port
 * 1023, no toolstack channels, fresh pages zero. Observed events are kept for assertions.
 */
final class Fixture {

    static final int DOM0 = 0;
    static final int D = 1;
    static final int SELF = Domain.DOMID_SELF;
    static final long G0 = 0x1000;
    static final long G1 = 0x1001;
    static final long A0 = 0x2000;
    static final long A1 = 0x2001;

    final XenHost host;
    final List<ModelEvent> events = new ArrayList<>();

    private Fixture(HostConfig config, boolean createD, boolean fifo, boolean upcall) {
        this.host = new XenHost(config);
        host.addObserver(events::add);
        if (createD) {
            CreateResult r = host.createDomain(DomainConfig.of(D, hvmFlags(fifo, upcall), 4));
            if (!r.isCreated()) {
                throw new IllegalStateException("fixture domain: " + r);
            }
        }
    }

    /** XEN_2020 (or any profile) with D created; FIFO and upcall permitted where the profile has the flags. */
    static Fixture of(XenProfile profile) {
        return new Fixture(HostConfig.of(profile), true, true, true);
    }

    static Fixture xen2020() {
        return of(XenProfile.XEN_2020);
    }

    static Fixture proposed(boolean fifo, boolean upcall) {
        return new Fixture(HostConfig.of(XenProfile.PROPOSED), true, fifo, upcall);
    }

    static Fixture hostOnly(HostConfig config) {
        return new Fixture(config, false, false, false);
    }

    int hvmFlags(boolean fifo, boolean upcall) {
        CreateFlagLayout l = host.profile().flagLayout();
        int f = l.maskOf(CreateFlag.HVM) | l.maskOf(CreateFlag.HAP);
        if (fifo) {
            f |= l.maskOf(CreateFlag.EVTCHN_FIFO);
        }
        if (upcall) {
            f |= l.maskOf(CreateFlag.EVTCHN_UPCALL);
        }
        return f;
    }

    /** Issues {@code in} as D. */
    <O extends EvtchnOut> OpResult<O> d(EvtchnIn<O> in) {
        return host.eventChannelOp(D, in);
    }

    <O extends EvtchnOut> OpResult<O> as(int caller, EvtchnIn<O> in) {
        return host.eventChannelOp(caller, in);
    }

    int bindIpi(int vcpu) {
        return d(new EvtchnIn.BindIpi(vcpu)).out().port();
    }

    EvtchnOut.Status status(int port) {
        return d(new EvtchnIn.Status(SELF, port)).out();
    }

    void engageFifo() {
        d(new EvtchnIn.InitControl(G0, 0, 0)).out();
    }

    DomainView view() {
        return host.inspect(D);
    }

    DomainView.VcpuView vcpu(int id) {
        return view().vcpu(id);
    }

    DomainView.PortView port(int port) {
        return host.inspectPort(D, port);
    }

    SharedInfo shared() {
        return host.sharedInfo(D);
    }
}
