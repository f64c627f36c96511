package io.fleetcompat.agent.guest;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.Errno;
import io.fleetcompat.agent.xen.EventWord;
import io.fleetcompat.agent.xen.EvtchnIn;
import io.fleetcompat.agent.xen.FifoControlBlock;
import io.fleetcompat.agent.xen.GuestMemory;
import io.fleetcompat.agent.xen.OpResult;
import io.fleetcompat.agent.xen.XenHost;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Linux's events_fifo.c: per-CPU control blocks and the event array live in frames from the kernel's own
 * allocator; the kernel reads them back when consuming (§4.5 guest consumption).
 */
final class GuestFifo implements GuestEvtchnOps {

    static final int MAX_ARRAY_PAGES = 128;

    private final XenHost host;
    private final int domid;
    private final GuestPageAllocator pages;
    private final Map<Integer, FifoControlBlock> controlBlocks = new TreeMap<>();
    private final List<Long> arrayPages = new ArrayList<>();
    private final List<Long> sparePages = new ArrayList<>();
    private final Map<Integer, int[]> localHeads = new HashMap<>();

    GuestFifo(XenHost host, int domid, GuestPageAllocator pages) {
        this.host = host;
        this.domid = domid;
        this.pages = pages;
    }

    /** The resume or restore kernel: the same structures, as the image recorded them. */
    GuestFifo(XenHost host, int domid, GuestPageAllocator pages, EventLayerState image) {
        this(host, domid, pages);
        controlBlocks.putAll(image.controlBlocks());
        arrayPages.addAll(image.arrayPages());
        sparePages.addAll(image.sparePages());
        image.localHeads().forEach((cpu, heads) -> localHeads.put(cpu, heads.stream().mapToInt(i -> i).toArray()));
    }

    private GuestMemory memory() {
        return host.guestMemory(domid);
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
        controlBlocks.put(cpu, new FifoControlBlock(gfn, 0));
        return Optional.empty();
    }

    /** init_control_block: clear the frame and the local heads, then register it. */
    private Optional<Errno> initControlBlock(int cpu, long gfn) {
        memory().zeroPage(gfn);
        localHeads.put(cpu, new int[FifoControlBlock.QUEUES]);
        OpResult<?> r = host.eventChannelOp(domid, new EvtchnIn.InitControl(gfn, 0, cpu));
        return r.errno();
    }

    /** A handler-only view of FIFO state some other party set up (the console's kernel-less consume). */
    static GuestFifo observing(XenHost host, int domid, Map<Integer, FifoControlBlock> blocks, List<Long> array) {
        GuestFifo f = new GuestFifo(host, domid, new GuestPageAllocator());
        f.controlBlocks.putAll(blocks);
        f.arrayPages.addAll(array);
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
            arrayPages.add(gfn);
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
        host.sharedInfo(domid).vcpuInfo(cpu).setUpcallPending(false);
        List<Integer> handled = new ArrayList<>();
        FifoControlBlock cb = controlBlocks.get(cpu);
        if (cb == null) {
            return handled;
        }
        int[] heads = localHeads.computeIfAbsent(cpu, c -> new int[FifoControlBlock.QUEUES]);
        int ready = cb.exchangeReady(memory());
        while (ready != 0) {
            int q = Integer.numberOfTrailingZeros(ready);
            ready = consumeOne(cb, heads, q, ready, handles, handled);
            ready |= cb.exchangeReady(memory());
        }
        return handled;
    }

    /** consume_one_event: unlink the head, handle it if pending and unmasked; returns the updated ready mask. */
    private int consumeOne(FifoControlBlock cb, int[] heads, int q, int ready, IntPredicate handles,
                           List<Integer> handled) {
        int port = heads[q] != 0 ? heads[q] : cb.head(memory(), q);
        if (port == 0 || !wordExists(port)) {
            heads[q] = 0;
            return ready & ~(1 << q);
        }
        int w = readWord(port);
        int next = EventWord.link(w);
        writeWord(port, w & ~(EventWord.LINKED | EventWord.LINK_MASK));
        int left = next == 0 ? ready & ~(1 << q) : ready;
        if (EventWord.pending(w) && !EventWord.masked(w) && handles.test(port)) {
            writeWord(port, readWord(port) & ~EventWord.PENDING);
            handled.add(port);
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
        for (Map.Entry<Integer, FifoControlBlock> e : new TreeMap<>(controlBlocks).entrySet()) {
            if (!onlineCpus.contains(e.getKey())) {
                pages.release(e.getValue().gfn());
                controlBlocks.remove(e.getKey());
                continue;
            }
            Optional<Errno> rc = initControlBlock(e.getKey(), e.getValue().gfn());
            if (rc.isPresent()) {
                return rc;
            }
        }
        sparePages.addAll(0, arrayPages);
        arrayPages.clear();
        return Optional.empty();
    }

    @Override
    public EventLayerState state() {
        Map<Integer, List<Integer>> heads = new TreeMap<>();
        localHeads.forEach((cpu, h) -> heads.put(cpu, java.util.Arrays.stream(h).boxed().toList()));
        return new EventLayerState(AbiMode.FIFO, controlBlocks, arrayPages, sparePages, heads);
    }

    private boolean wordExists(int port) {
        return port >= 0 && port / GuestMemory.WORDS_PER_PAGE < arrayPages.size();
    }

    private int readWord(int port) {
        return memory().readWord(arrayPages.get(port / GuestMemory.WORDS_PER_PAGE), port % GuestMemory.WORDS_PER_PAGE);
    }

    private void writeWord(int port, int value) {
        memory().writeWord(arrayPages.get(port / GuestMemory.WORDS_PER_PAGE), port % GuestMemory.WORDS_PER_PAGE,
                value);
    }
}
