package io.fleetcompat.agent.guest;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.Errno;
import io.fleetcompat.agent.xen.EventWord;
import io.fleetcompat.agent.xen.EvtchnIn;
import io.fleetcompat.agent.xen.FifoControlBlock;
import io.fleetcompat.agent.xen.GuestMemory;
import io.fleetcompat.agent.xen.GuestPage;
import io.fleetcompat.agent.xen.OpResult;
import io.fleetcompat.agent.xen.SharedInfo;
import io.fleetcompat.agent.xen.XenHost;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Linux's events_fifo.c: per-CPU control blocks and the event array live in frames from the kernel's own
 * allocator; the kernel reads them back when consuming (§4.5 guest consumption). Like the kernel, which keeps
 * a pointer to each frame it allocated, it holds the frames' pages rather than looking them up per word.
 */
final class GuestFifo implements GuestEvtchnOps {

    static final int MAX_ARRAY_PAGES = 128;
    private static final int PAGE_SHIFT = Integer.numberOfTrailingZeros(GuestMemory.WORDS_PER_PAGE);
    private static final int WORD_MASK = GuestMemory.WORDS_PER_PAGE - 1;

    private final XenHost host;
    private final int domid;
    private final GuestPageAllocator pages;
    /** Index = CPU; null where the CPU has no control block. */
    private FifoControlBlock[] controlBlocks = new FifoControlBlock[0];
    private GuestPage[] controlBlockFrames = new GuestPage[0];
    /** Index = CPU: the local copy of each queue's head (Linux's per-CPU head[]); null until first used. */
    private int[][] localHeads = new int[0][];
    private final List<Long> arrayPages = new ArrayList<>();
    private GuestPage[] arrayFrames = new GuestPage[0];
    /** arrayPages.size(), kept beside it for the per-event word check. */
    private int arrayPageCount;
    private final List<Long> sparePages = new ArrayList<>();
    private GuestMemory memory;
    private SharedInfo shared;
    private final HandledPorts handled = new HandledPorts();

    GuestFifo(XenHost host, int domid, GuestPageAllocator pages) {
        this.host = host;
        this.domid = domid;
        this.pages = pages;
    }

    /** The resume or restore kernel: the same structures, as the image recorded them. */
    GuestFifo(XenHost host, int domid, GuestPageAllocator pages, EventLayerState image) {
        this(host, domid, pages);
        image.controlBlocks().forEach(this::putControlBlock);
        image.arrayPages().forEach(this::addArrayPage);
        sparePages.addAll(image.sparePages());
        image.localHeads().forEach((cpu, heads) -> {
            int[] local = heads(cpu);
            for (int q = 0; q < heads.size(); q++) {
                local[q] = heads.get(q);
            }
        });
    }

    private SharedInfo shared() {
        SharedInfo s = shared;
        return s != null ? s : (shared = host.sharedInfo(domid));
    }

    private GuestMemory memory() {
        GuestMemory m = memory;
        return m != null ? m : (memory = host.guestMemory(domid));
    }

    /**
     * evtchn_fifo_alloc_control_block + init_control_block for one CPU: a zeroed frame, then init_control.
     * Returns the hypercall's errno (or ENOMEM when the guest has no frame); the frame is freed on failure.
     */
    Optional<Errno> initCpu(int cpu) {
        long gfn = pages.allocate();
        if (gfn < 0) {
            return Optional.of(Errno.ENOMEM);
        }
        Optional<Errno> rc = initControlBlock(cpu, gfn);
        if (rc.isPresent()) {
            pages.release(gfn);
            return rc;
        }
        putControlBlock(cpu, new FifoControlBlock(gfn, 0));
        return Optional.empty();
    }

    /** init_control_block: clear the frame and the local heads, then register it. */
    private Optional<Errno> initControlBlock(int cpu, long gfn) {
        memory().zeroPage(gfn);
        Arrays.fill(heads(cpu), 0);
        OpResult<?> r = host.eventChannelOp(domid, new EvtchnIn.InitControl(gfn, 0, cpu));
        return r.errno();
    }

    /** A handler-only view of FIFO state some other party set up (the console's kernel-less consume). */
    static GuestFifo observing(XenHost host, int domid, Map<Integer, FifoControlBlock> blocks, List<Long> array) {
        GuestFifo f = new GuestFifo(host, domid, new GuestPageAllocator());
        blocks.forEach(f::putControlBlock);
        array.forEach(f::addArrayPage);
        return f;
    }

    @Override
    public AbiMode abi() {
        return AbiMode.FIFO;
    }

    @Override
    public void maskAll() {
        for (int port = 0; port < arrayPages.size() * GuestMemory.WORDS_PER_PAGE; port++) {
            mask(port);
        }
    }

    /** evtchn_fifo_setup: expand the array up to {@code port}, each new page pre-filled with M set. */
    @Override
    public Optional<Errno> setup(int port) {
        while (port >= arrayPages.size() * GuestMemory.WORDS_PER_PAGE) {
            if (arrayPages.size() >= MAX_ARRAY_PAGES) {
                return Optional.of(Errno.ENOSPC);
            }
            long gfn = sparePages.isEmpty() ? pages.allocate() : sparePages.remove(0);
            if (gfn < 0) {
                return Optional.of(Errno.ENOMEM);
            }
            memory().fillPage(gfn, EventWord.MASKED);
            Optional<Errno> rc = host.eventChannelOp(domid, new EvtchnIn.ExpandArray(gfn)).errno();
            if (rc.isPresent()) {
                sparePages.add(0, gfn);
                return rc;
            }
            addArrayPage(gfn);
        }
        return Optional.empty();
    }

    /** True when no array page was ever added: a setup failure now is the kernel's panic (§7.1). */
    boolean arrayEmpty() {
        return arrayPages.isEmpty();
    }

    @Override
    public void mask(int port) {
        if (wordExists(port)) {
            writeWord(port, readWord(port) | EventWord.MASKED);
        }
    }

    /** evtchn_fifo_unmask: clear M unless P (or B) is set, in which case Xen must requeue it. */
    @Override
    public void unmask(int port) {
        if (!wordExists(port)) {
            return;
        }
        int w = readWord(port);
        if (EventWord.pending(w) || EventWord.busy(w)) {
            host.eventChannelOp(domid, new EvtchnIn.Unmask(port));
        } else {
            writeWord(port, w & ~EventWord.MASKED);
        }
    }

    @Override
    public List<Integer> handleEvents(int cpu, IntPredicate handles) {
        shared().vcpuInfo(cpu).setUpcallPending(false);
        HandledPorts handled = this.handled;
        handled.clear();
        FifoControlBlock cb = cpu < controlBlocks.length ? controlBlocks[cpu] : null;
        if (cb == null) {
            return List.of();
        }
        GuestPage frame = controlBlockFrames[cpu];
        int[] heads = heads(cpu);
        int ready = cb.exchangeReady(frame);
        while (ready != 0) {
            int q = Integer.numberOfTrailingZeros(ready);
            ready = consumeOne(cb, frame, heads, q, ready, handles, handled);
            ready |= cb.exchangeReady(frame);
        }
        return handled.toList();
    }

    /** consume_one_event: unlink the head, handle it if pending and unmasked; returns the updated ready mask. */
    private int consumeOne(FifoControlBlock cb, GuestPage frame, int[] heads, int q, int ready, IntPredicate handles,
                           HandledPorts handled) {
        int port = heads[q] != 0 ? heads[q] : cb.head(frame, q);
        if (port == 0 || !wordExists(port)) {
            heads[q] = 0;
            return ready & ~(1 << q);
        }
        GuestPage page = arrayFrames[port >>> PAGE_SHIFT];
        int index = port & WORD_MASK;
        int w = page.read(index);
        int next = EventWord.link(w);
        int unlinked = w & ~(EventWord.LINKED | EventWord.LINK_MASK);
        int left = next == 0 ? ready & ~(1 << q) : ready;
        if (EventWord.pending(w) && !EventWord.masked(w) && handles.test(port)) {
            // Unlink, then the handler's ack clears P: one store, as nothing else runs in between.
            page.write(index, unlinked & ~EventWord.PENDING);
            handled.add(port);
        } else {
            page.write(index, unlinked);
        }
        heads[q] = next;
        return left;
    }

    /**
     * evtchn_fifo_resume: offline CPUs drop their block, online ones re-issue init_control on the same frame
     * (an error is a BUG); the array counts as empty and its pages are kept for reuse.
     */
    @Override
    public Optional<Errno> resume(Set<Integer> onlineCpus) {
        for (int cpu = 0; cpu < controlBlocks.length; cpu++) {
            FifoControlBlock cb = controlBlocks[cpu];
            if (cb == null) {
                continue;
            }
            if (!onlineCpus.contains(cpu)) {
                pages.release(cb.gfn());
                controlBlocks[cpu] = null;
                controlBlockFrames[cpu] = null;
                continue;
            }
            Optional<Errno> rc = initControlBlock(cpu, cb.gfn());
            if (rc.isPresent()) {
                return rc;
            }
        }
        sparePages.addAll(0, arrayPages);
        arrayPages.clear();
        arrayFrames = new GuestPage[0];
        arrayPageCount = 0;
        return Optional.empty();
    }

    @Override
    public EventLayerState state() {
        Map<Integer, FifoControlBlock> blocks = new TreeMap<>();
        for (int cpu = 0; cpu < controlBlocks.length; cpu++) {
            if (controlBlocks[cpu] != null) {
                blocks.put(cpu, controlBlocks[cpu]);
            }
        }
        Map<Integer, List<Integer>> heads = new TreeMap<>();
        for (int cpu = 0; cpu < localHeads.length; cpu++) {
            if (localHeads[cpu] != null) {
                heads.put(cpu, Arrays.stream(localHeads[cpu]).boxed().toList());
            }
        }
        return new EventLayerState(AbiMode.FIFO, blocks, arrayPages, sparePages, heads);
    }

    private void putControlBlock(int cpu, FifoControlBlock cb) {
        if (cpu >= controlBlocks.length) {
            controlBlocks = Arrays.copyOf(controlBlocks, cpu + 1);
            controlBlockFrames = Arrays.copyOf(controlBlockFrames, cpu + 1);
        }
        controlBlocks[cpu] = cb;
        controlBlockFrames[cpu] = memory().map(cb.gfn());
    }

    private void addArrayPage(long gfn) {
        int i = arrayPages.size();
        arrayPages.add(gfn);
        arrayPageCount = arrayPages.size();
        if (i >= arrayFrames.length) {
            arrayFrames = Arrays.copyOf(arrayFrames, Math.max(1, i * 2));
        }
        arrayFrames[i] = memory().map(gfn);
    }

    /** The CPU's local heads, created all 0 on first use. */
    private int[] heads(int cpu) {
        if (cpu < localHeads.length && localHeads[cpu] != null) {
            return localHeads[cpu];
        }
        if (cpu >= localHeads.length) {
            localHeads = Arrays.copyOf(localHeads, cpu + 1);
        }
        localHeads[cpu] = new int[FifoControlBlock.QUEUES];
        return localHeads[cpu];
    }

    private boolean wordExists(int port) {
        return port >= 0 && port >>> PAGE_SHIFT < arrayPageCount;
    }

    private int readWord(int port) {
        return arrayFrames[port >>> PAGE_SHIFT].read(port & WORD_MASK);
    }

    private void writeWord(int port, int value) {
        arrayFrames[port >>> PAGE_SHIFT].write(port & WORD_MASK, value);
    }
}
