package io.fleetcompat.agent.xen;

import java.util.Optional;

/**
 * The slice of libxl / xenstored / xenconsoled the model needs, acting as dom0 through the same domctls and
 * hypercalls: create a guest with libxl's default flags and pre-create its xenstore and console channels.
 */
public final class Toolstack {

    private final XenHost host;

    public Toolstack(XenHost host) {
        this.host = host;
    }

    /**
     * A guest as xl would configure it. {@code fifo} / {@code upcall} are the feature switches (§1.4 defaults
     * on); they only change the flags on profiles that have a per-domain control.
     */
    public record GuestSpec(int domid, boolean hvm, int vcpus, long maxEvtchnPort, int guestWidth, boolean fifo,
                            boolean upcall) {

        /** HVM, 64-bit, libxl's max_evtchn_port 1023, both features left on. */
        public static GuestSpec hvm(int domid, int vcpus) {
            return new GuestSpec(domid, true, vcpus, DomainConfig.LIBXL_MAX_EVTCHN_PORT, 64, true, true);
        }

        public GuestSpec withFifo(boolean value) {
            return new GuestSpec(domid, hvm, vcpus, maxEvtchnPort, guestWidth, value, upcall);
        }

        public GuestSpec withUpcall(boolean value) {
            return new GuestSpec(domid, hvm, vcpus, maxEvtchnPort, guestWidth, fifo, value);
        }
    }

    /** The ports a created guest was given; the guest learns them from its HVM params. */
    public record Guest(int domid, int xenstorePort, int consolePort) {
    }

    /**
     * libxl's flags (§1.4): evtchn_fifo where the host has FIFO unless disabled; evtchn_upcall for x86 HVM unless
     * disabled. Enabling the upcall vector for PV or Arm is an error (§1.4, §1.5), so the default never adds it
     * there: on Arm every guest would otherwise be refused at creation.
     */
    public int defaultFlags(GuestSpec spec) {
        CreateFlagLayout layout = host.profile().flagLayout();
        int flags = spec.hvm() ? layout.maskOf(CreateFlag.HVM) | layout.maskOf(CreateFlag.HAP) : 0;
        switch (host.profile().fifoControlSense()) {
            case PERMIT:
                if (spec.fifo() && host.config().hostHasFifo()) {
                    flags |= layout.maskOf(CreateFlag.EVTCHN_FIFO);
                }
                break;
            case DENY:
                if (!spec.fifo()) {
                    flags |= layout.maskOf(CreateFlagLayout.DISABLE_FIFO);
                }
                break;
            default:
                break;
        }
        if (spec.hvm() && spec.upcall() && host.config().arch() == Arch.X86) {
            flags |= layout.maskOf(CreateFlag.EVTCHN_UPCALL);
        }
        return flags;
    }

    /** createdomain, then the xenstore and console channels the guest finds at boot. */
    public Optional<Guest> createGuest(GuestSpec spec) {
        DomainConfig cfg = DomainConfig.of(spec.domid(), defaultFlags(spec), spec.vcpus())
                .withMaxEvtchnPort(spec.maxEvtchnPort()).withGuestWidth(spec.guestWidth());
        return createGuest(cfg);
    }

    /** As {@link #createGuest(GuestSpec)} but with explicit flags, e.g. those carried by a saved image. */
    public Optional<Guest> createGuest(DomainConfig cfg) {
        CreateResult r = host.createDomain(cfg);
        if (!r.isCreated()) {
            return Optional.empty();
        }
        int domid = r.domid();
        int xenstore = backendChannel(domid);
        int console = backendChannel(domid);
        host.setHvmParam(domid, HvmParam.STORE_EVTCHN, xenstore);
        host.setHvmParam(domid, HvmParam.CONSOLE_EVTCHN, console);
        return Optional.of(new Guest(domid, xenstore, console));
    }

    /** libxl allocates the guest's port accepting dom0; the dom0 daemon then binds to it. */
    private int backendChannel(int domid) {
        int port = host.eventChannelOp(HostState.CONTROL_DOMID,
                new EvtchnIn.AllocUnbound(domid, HostState.CONTROL_DOMID)).out().port();
        host.eventChannelOp(HostState.CONTROL_DOMID, new EvtchnIn.BindInterdomain(domid, port)).out();
        return port;
    }
}
