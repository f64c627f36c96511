package io.fleetcompat.agent.xen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The FIFO ABI (§4). Xen-private state (array page list, per-vCPU control block registration and queue tails)
 * is held here; event words, heads and ready bits are read and written in the guest's frames. Xen maps each
 * frame once (init_control, expand_array) and keeps the mapping, as map_guest_page does, so an event costs no
 * frame lookup.
 */
final class FifoAbi implements EvtchnPortOps {

    public static final long MAX_PORTS = 1L << EventWord.LINK_BITS;
    public static final int MAX_ARRAY_PAGES = (int) (MAX_PORTS / GuestMemory.WORDS_PER_PAGE);
    public static final int MAX_PRIORITY = FifoControlBlock.QUEUES - 1;
    private static final int PAGE_SHIFT = Integer.numberOfTrailingZeros(GuestMemory.WORDS_PER_PAGE);
    private static final int WORD_MASK = GuestMemory.WORDS_PER_PAGE - 1;

    private final Domain d;
    private long[] arrayGfns = new long[1];
    private GuestPage[] arrayFrames = new GuestPage[1];
    private int arrayPageCount;
    /** Index = vCPU, grown to the highest vCPU with a control block; null where none is registered. */
    private FifoControlBlock[] controlBlocks = new FifoControlBlock[0];
    private GuestPage[] controlBlockFrames = new GuestPage[0];
    /** Per vCPU, per queue: the tail port; a row is allocated with the vCPU's control block. */
    private int[][] tails = new int[0][];

    /**
     * §4.3: per-vCPU FIFO state exists for all vCPUs from the first init_control; here a vCPU's queues take
     * memory once it registers a control block, the only way anything is ever queued on them.
     */
    FifoAbi(Domain d) {
        this.d = d;
    }

    @Override
    public AbiMode mode() {
        return AbiMode.FIFO;
    }

    @Override
    public long maxPorts() {
        return MAX_PORTS;
    }

    Optional<FifoControlBlock> controlBlock(int vcpu) {
        return Optional.ofNullable(vcpu < controlBlocks.length ? controlBlocks[vcpu] : null);
    }

    void registerControlBlock(int vcpu, FifoControlBlock cb) {
        if (vcpu >= controlBlocks.length) {
            controlBlocks = Arrays.copyOf(controlBlocks, vcpu + 1);
            controlBlockFrames = Arrays.copyOf(controlBlockFrames, vcpu + 1);
            tails = Arrays.copyOf(tails, vcpu + 1);
        }
        controlBlocks[vcpu] = cb;
        controlBlockFrames[vcpu] = d.memory().map(cb.gfn());
        if (tails[vcpu] == null) {
            tails[vcpu] = new int[FifoControlBlock.QUEUES];
        }
    }

    List<Long> arrayPages() {
        List<Long> gfns = new ArrayList<>(arrayPageCount);
        for (int i = 0; i < arrayPageCount; i++) {
            gfns.add(arrayGfns[i]);
        }
        return gfns;
    }

    int arrayPageCount() {
        return arrayPageCount;
    }

    int tail(int vcpu, int q) {
        return vcpu >= tails.length || tails[vcpu] == null ? 0 : tails[vcpu][q];
    }

    boolean wordExists(int port) {
        return port >= 0 && port >>> PAGE_SHIFT < arrayPageCount;
    }

    /** The port's event word, if its array page exists. */
    OptionalInt word(int port) {
        return wordExists(port) ? OptionalInt.of(readWord(port)) : OptionalInt.empty();
    }

    /**
     * §4.4 step 5: append a page, then re-raise every valid newly covered port whose saved-pending flag is set,
     * without looking at the channel's state.
     */
    void expand(long gfn) {
        int first = arrayPageCount * GuestMemory.WORDS_PER_PAGE;
        if (arrayPageCount == arrayGfns.length) {
            arrayGfns = Arrays.copyOf(arrayGfns, arrayPageCount * 2);
            arrayFrames = Arrays.copyOf(arrayFrames, arrayPageCount * 2);
        }
        arrayGfns[arrayPageCount] = gfn;
        arrayFrames[arrayPageCount] = d.memory().map(gfn);
        arrayPageCount++;
        int end = Math.min(first + GuestMemory.WORDS_PER_PAGE, d.validPorts());
        for (int port = first; port < end; port++) {
            Channel ch = d.existingChannel(port);
            if (ch != null && ch.savedPending()) {
                setPending(ch.notifyVcpu(), ch);
            }
        }
    }

    @Override
    public void setPending(int vcpu, Channel ch) {
        int port = ch.port();
        // §4.5 step 1: no word yet, remember the event in Xen-private memory.
        if (!wordExists(port)) {
            ch.markSavedPending();
            return;
        }
        GuestPage page = arrayFrames[port >>> PAGE_SHIFT];
        int index = port & WORD_MASK;
        int priority = ch.priority();
        FifoControlBlock cb = vcpu < controlBlocks.length ? controlBlocks[vcpu] : null;
        // §4.5 step 4: without a control block nothing is queued; P only up to 4.16.
        if (cb == null) {
            if (d.profile().fifoPendingWithoutControlBlock()) {
                page.write(index, page.read(index) | EventWord.PENDING);
            }
            return;
        }
        int w = page.read(index) | EventWord.PENDING;
        if (EventWord.masked(w) || EventWord.linked(w)) {
            page.write(index, w);
            return;
        }
        // P and L in one store: nothing reads the word between Xen's two test-and-sets.
        page.write(index, w | EventWord.LINKED);
        // §4.5 step 5: a tail moving to another queue must not stay the old queue's tail.
        int[] lastTails = ch.lastVcpu() < tails.length ? tails[ch.lastVcpu()] : null;
        if (lastTails != null && lastTails[ch.lastPriority()] == port) {
            lastTails[ch.lastPriority()] = 0;
        }
        ch.setLastQueue(vcpu, priority);
        boolean linked = false;
        int[] queueTails = tails[vcpu];
        int tail = queueTails[priority];
        if (tail != 0 && wordExists(tail)) {
            GuestPage tailPage = arrayFrames[tail >>> PAGE_SHIFT];
            int tailWord = tailPage.read(tail & WORD_MASK);
            if (EventWord.linked(tailWord)) {
                tailPage.write(tail & WORD_MASK, (tailWord & ~EventWord.LINK_MASK) | port);
                linked = true;
            }
        }
        GuestPage cbFrame = controlBlockFrames[vcpu];
        if (!linked) {
            cb.setHead(cbFrame, priority, port);
        }
        queueTails[priority] = port;
        // §4.5 step 6: only a queue becoming ready produces an upcall.
        if (!linked && !cb.testAndSetReady(cbFrame, priority)) {
            d.markEventsPending(vcpu);
        }
    }

    @Override
    public void clearPending(Channel ch) {
        if (wordExists(ch.port())) {
            writeWord(ch.port(), readWord(ch.port()) & ~EventWord.PENDING);
        }
    }

    @Override
    public void unmask(Channel ch) {
        if (!wordExists(ch.port())) {
            return;
        }
        int w = readWord(ch.port()) & ~EventWord.MASKED;
        writeWord(ch.port(), w);
        if (EventWord.pending(w)) {
            setPending(ch.notifyVcpu(), ch);
        }
    }

    @Override
    public boolean isPending(int port) {
        return wordExists(port) && EventWord.pending(readWord(port));
    }

    @Override
    public boolean isMasked(int port) {
        return wordExists(port) && EventWord.masked(readWord(port));
    }

    @Override
    public boolean isBusy(int port) {
        return wordExists(port) && EventWord.linked(readWord(port));
    }

    @Override
    public void bind(Channel ch) {
        ch.setPriority(Channel.DEFAULT_PRIORITY);
    }

    @Override
    public boolean hasSetPriority() {
        return true;
    }

    @Override
    public Optional<Errno> setPriority(Channel ch, int priority) {
        // priority is a uint32_t: a negative int is a value above 15.
        if (priority < 0 || priority > MAX_PRIORITY) {
            return Optional.of(Errno.EINVAL);
        }
        // §2.3 set_priority: affects only future queueing; a queued event stays where it is.
        ch.setPriority(priority);
        return Optional.empty();
    }

    private int readWord(int port) {
        return arrayFrames[port >>> PAGE_SHIFT].read(port & WORD_MASK);
    }

    private void writeWord(int port, int value) {
        arrayFrames[port >>> PAGE_SHIFT].write(port & WORD_MASK, value);
    }
}
