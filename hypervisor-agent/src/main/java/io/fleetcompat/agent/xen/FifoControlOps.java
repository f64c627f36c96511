package io.fleetcompat.agent.xen;

import java.util.Optional;

/** EVTCHNOP_init_control (§4.3) and EVTCHNOP_expand_array (§4.4); the gate ran in the dispatcher. */
final class FifoControlOps {

    private final HostState host;

    FifoControlOps(HostState host) {
        this.host = host;
    }

    OpResult<EvtchnOut.InitControl> initControl(Domain d, EvtchnIn.InitControl in) {
        // §4.3 step 2: link_bits is filled in before any check, but only copied out on success.
        EvtchnOut.InitControl out = new EvtchnOut.InitControl(EventWord.LINK_BITS);
        if (!d.hasVcpu(in.vcpu())) {
            return OpResult.failed(Errno.ENOENT);
        }
        // offset is unsigned in Xen: a negative value is a huge one.
        if (in.offset() < 0 || in.offset() > FifoControlBlock.MAX_OFFSET) {
            return OpResult.failed(Errno.EINVAL);
        }
        if (in.offset() % 8 != 0) {
            return OpResult.failed(Errno.EINVAL);
        }
        FifoControlBlock cb = new FifoControlBlock(in.controlGfn(), in.offset());
        if (d.abi() == AbiMode.TWO_LEVEL) {
            Optional<Errno> rc = engageFifo(d, in.vcpu(), cb);
            return rc.isPresent() ? OpResult.failed(rc.get()) : OpResult.ok(out);
        }
        FifoAbi fifo = (FifoAbi) d.portOps();
        // §4.3 step 7: a second block for the same vCPU is refused without any teardown (kexec, §8).
        if (fifo.controlBlock(in.vcpu()).isPresent()) {
            return OpResult.failed(Errno.EINVAL);
        }
        Optional<Errno> map = mapGuestPage(in.controlGfn());
        if (map.isPresent()) {
            return OpResult.failed(map.get());
        }
        fifo.registerControlBlock(in.vcpu(), cb);
        return OpResult.ok(out);
    }

    /**
     * §4.3 step 6: build all FIFO state aside; only when everything succeeded swap the ABI, so any failure
     * leaves the domain 2-level with nothing to unwind but the discarded object.
     */
    private Optional<Errno> engageFifo(Domain d, int vcpu, FifoControlBlock cb) {
        if (host.faults().take(FaultPoint.FIFO_VCPU_STATE).isPresent()) {
            return Optional.of(Errno.ENOMEM);
        }
        if (host.faults().take(FaultPoint.FIFO_ARRAY).isPresent()) {
            return Optional.of(Errno.ENOMEM);
        }
        FifoAbi fifo = new FifoAbi(d);
        Optional<Errno> map = mapGuestPage(cb.gfn());
        if (map.isPresent()) {
            return map;
        }
        fifo.registerControlBlock(vcpu, cb);
        long oldLimit = d.portOps().maxPorts();
        // Pending 2-level events survive as saved-pending; the 2-level mask bits are not carried over.
        for (int port = 1; port < d.validPorts() && port < oldLimit; port++) {
            boolean pending = d.sharedInfo().isPending(port);
            // A port never used already has the default priority; it needs its channel only to remember pending.
            Channel ch = pending ? d.channel(port) : d.existingChannel(port);
            if (ch == null) {
                continue;
            }
            if (pending) {
                ch.markSavedPending();
            }
            ch.setPriority(Channel.DEFAULT_PRIORITY);
        }
        d.switchAbi(fifo);
        return Optional.empty();
    }

    OpResult<EvtchnOut.ExpandArray> expandArray(Domain d, EvtchnIn.ExpandArray in) {
        if (d.abi() != AbiMode.FIFO) {
            return OpResult.failed(Errno.EOPNOTSUPP);
        }
        FifoAbi fifo = (FifoAbi) d.portOps();
        if (fifo.arrayPageCount() >= FifoAbi.MAX_ARRAY_PAGES) {
            return OpResult.failed(Errno.ENOSPC);
        }
        Optional<Errno> map = mapGuestPage(in.arrayGfn());
        if (map.isPresent()) {
            return OpResult.failed(map.get());
        }
        fifo.expand(in.arrayGfn());
        return OpResult.ok(new EvtchnOut.ExpandArray());
    }

    /** map_guest_page: an invalid or read-only frame is -EINVAL, a mapping failure -ENOMEM. */
    private Optional<Errno> mapGuestPage(long gfn) {
        if (!GuestMemory.isValidWritable(gfn)) {
            return Optional.of(Errno.EINVAL);
        }
        if (host.faults().take(FaultPoint.GFN_MAP).isPresent()) {
            return Optional.of(Errno.ENOMEM);
        }
        return Optional.empty();
    }
}
