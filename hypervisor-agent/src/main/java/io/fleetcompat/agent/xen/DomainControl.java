package io.fleetcompat.agent.xen;

import java.util.Optional;

/** The domctls of the model: createdomain, destroydomain, pausedomain, unpausedomain. */
final class DomainControl {

    /** Domids from here up are reserved (DOMID_FIRST_RESERVED). */
    static final int DOMID_FIRST_RESERVED = 0x7FF0;

    private final HostState host;
    private final ChannelOps channels;

    DomainControl(HostState host, ChannelOps channels) {
        this.host = host;
        this.channels = channels;
    }

    /** The control domain: dom0, privileged, PVH, FIFO and upcall vector permitted where the host has them. */
    void createControlDomain() {
        CreateFlagLayout layout = host.profile().flagLayout();
        int flags = layout.maskOf(CreateFlag.HVM) | layout.maskOf(CreateFlag.HAP);
        // Xen sets evtchn_upcall for a PVH dom0; Arm refuses the flag.
        if (host.config().arch() == Arch.X86) {
            flags |= layout.maskOf(CreateFlag.EVTCHN_UPCALL);
        }
        if (host.config().hostHasFifo()) {
            flags |= layout.maskOf(CreateFlag.EVTCHN_FIFO);
        }
        // Xen-built domains pass max_evtchn_port -1 (§2.2).
        DomainConfig cfg = DomainConfig.of(HostState.CONTROL_DOMID, flags, 4).withMaxEvtchnPort(-1);
        CreateResult r = create(cfg, true);
        if (!r.isCreated()) {
            throw new IllegalStateException("dom0 could not be created: " + r);
        }
    }

    CreateResult create(DomainConfig cfg, boolean privileged) {
        CreateResult result = createUnpublished(cfg, privileged);
        CreateFlagLayout layout = host.profile().flagLayout();
        int granted = result instanceof CreateResult.Created ? ((CreateResult.Created) result).grantedFlags() : 0;
        Optional<Errno> errno = result instanceof CreateResult.Rejected
                ? Optional.of(((CreateResult.Rejected) result).errno()) : Optional.empty();
        String reason = result instanceof CreateResult.Rejected ? ((CreateResult.Rejected) result).reason() : "";
        int domid = result.isCreated() ? result.domid() : cfg.domid();
        host.publish(new XenEvent.DomainCreated(domid, cfg.flags(), granted, layout.names(cfg.flags()),
                layout.names(granted), result.rc(), errno, reason));
        return result;
    }

    private CreateResult createUnpublished(DomainConfig cfg, boolean privileged) {
        int domid = cfg.domid() == DomainConfig.AUTO_DOMID ? nextFreeDomid() : cfg.domid();
        if (domid < 0 || domid >= DOMID_FIRST_RESERVED) {
            return new CreateResult.Rejected(Errno.EINVAL, "domid " + domid + " is reserved");
        }
        if (host.domain(domid).isPresent()) {
            return new CreateResult.Rejected(Errno.EEXIST, "domid " + domid + " is in use");
        }
        Optional<String> reason = DomainSanitiser.check(host.config(), cfg);
        if (reason.isPresent()) {
            return new CreateResult.Rejected(Errno.EINVAL, reason.get());
        }
        int granted = DomainSanitiser.grantedFlags(host.config(), cfg);
        // A new domain starts paused by its controller (pause count 1).
        host.add(new Domain(domid, cfg, granted, host.config(), privileged));
        return new CreateResult.Created(domid, granted);
    }

    private int nextFreeDomid() {
        int id = 1;
        while (host.find(id) != null) {
            id++;
        }
        return id;
    }

    /** domain_kill: the domain is dying, every channel is closed (peers become unbound), then it is gone. */
    OpResult<DomctlOut> destroy(int domid) {
        Optional<Domain> d = host.domain(domid);
        if (d.isEmpty()) {
            return OpResult.failed(Errno.ESRCH);
        }
        d.get().markDying();
        for (int port = 1; port < d.get().validPorts(); port++) {
            // A port never used is FREE: closing it would only answer -EINVAL.
            if (d.get().existingChannel(port) != null) {
                channels.closePort(d.get(), port, false);
            }
        }
        host.remove(domid);
        host.publish(new XenEvent.DomainDestroyed(domid));
        return OpResult.ok(new DomctlOut(domid, d.get().controllerPauseCount()));
    }

    OpResult<DomctlOut> pause(int domid) {
        Optional<Domain> d = host.domain(domid);
        if (d.isEmpty()) {
            return OpResult.failed(Errno.ESRCH);
        }
        d.get().pause();
        host.publish(new XenEvent.DomainPaused(domid, d.get().controllerPauseCount()));
        return OpResult.ok(new DomctlOut(domid, d.get().controllerPauseCount()));
    }

    OpResult<DomctlOut> unpause(int domid) {
        Optional<Domain> d = host.domain(domid);
        if (d.isEmpty()) {
            return OpResult.failed(Errno.ESRCH);
        }
        if (d.get().controllerPauseCount() == 0) {
            return OpResult.failed(Errno.EINVAL);
        }
        d.get().unpause();
        host.publish(new XenEvent.DomainUnpaused(domid, d.get().controllerPauseCount()));
        return OpResult.ok(new DomctlOut(domid, d.get().controllerPauseCount()));
    }
}
