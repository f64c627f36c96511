package io.fleetcompat.agent.xen;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The FIFO ABI (§4). Xen-private state (array page list, per-vCPU control block registration and queue tails)
 * is held here; event words, heads and ready bits are read and written in the guest's frames.
 */
final class FifoAbi implements EvtchnPortOps {

    public static final long MAX_PORTS = 1L << EventWord.LINK_BITS;
    public static final int MAX_ARRAY_PAGES = (int) (MAX_PORTS / GuestMemory.WORDS_PER_PAGE);
    public static final int MAX_PRIORITY = FifoControlBlock.QUEUES - 1;

    private final Domain d;
    private final List<Long> arrayPages = new ArrayList<>();
    private final FifoControlBlock[] controlBlocks;
    private final int[][] tails;

    /** §4.3: per-vCPU FIFO state is created for all vCPUs on the first init_control. */
    FifoAbi(Domain d) {
        this.d = d;
        this.controlBlocks = new FifoControlBlock[d.maxVcpus()];
        this.tails = new int[d.maxVcpus()][FifoControlBlock.QUEUES];
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
        return Optional.ofNullable(controlBlocks[vcpu]);
    }

    void registerControlBlock(int vcpu, FifoControlBlock cb) {
        controlBlocks[vcpu] = cb;
    }

    List<Long> arrayPages() {
        return List.copyOf(arrayPages);
    }

    int tail(int vcpu, int q) {
        return tails[vcpu][q];
    }

    boolean wordExists(int port) {
        return port >= 0 && port / GuestMemory.WORDS_PER_PAGE < arrayPages.size();
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
        int first = arrayPages.size() * GuestMemory.WORDS_PER_PAGE;
        arrayPages.add(gfn);
        int end = Math.min(first + GuestMemory.WORDS_PER_PAGE, d.validPorts());
        for (int port = first; port < end; port++) {
            Channel ch = d.channel(port);
            if (ch.savedPending()) {
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
        int priority = ch.priority();
        FifoControlBlock cb = controlBlocks[vcpu];
        // §4.5 step 4: without a control block nothing is queued; P only up to 4.16.
        if (cb == null) {
            if (d.profile().fifoPendingWithoutControlBlock()) {
                writeWord(port, readWord(port) | EventWord.PENDING);
            }
            return;
        }
        int w = readWord(port) | EventWord.PENDING;
        writeWord(port, w);
        if (EventWord.masked(w) || EventWord.linked(w)) {
            return;
        }
        writeWord(port, w | EventWord.LINKED);
        // §4.5 step 5: a tail moving to another queue must not stay the old queue's tail.
        if (tails[ch.lastVcpu()][ch.lastPriority()] == port) {
            tails[ch.lastVcpu()][ch.lastPriority()] = 0;
        }
        ch.setLastQueue(vcpu, priority);
        boolean linked = false;
        int tail = tails[vcpu][priority];
        if (tail != 0 && wordExists(tail) && EventWord.linked(readWord(tail))) {
            writeWord(tail, (readWord(tail) & ~EventWord.LINK_MASK) | port);
            linked = true;
        }
        if (!linked) {
            cb.setHead(d.memory(), priority, port);
        }
        tails[vcpu][priority] = port;
        // §4.5 step 6: only a queue becoming ready produces an upcall.
        if (!linked && !cb.testAndSetReady(d.memory(), priority)) {
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
        if (priority < 0 || priority > MAX_PRIORITY) {
            return Optional.of(Errno.EINVAL);
        }
        // §2.3 set_priority: affects only future queueing; a queued event stays where it is.
        ch.setPriority(priority);
        return Optional.empty();
    }

    private int readWord(int port) {
        return d.memory().readWord(pageOf(port), port % GuestMemory.WORDS_PER_PAGE);
    }

    private void writeWord(int port, int value) {
        d.memory().writeWord(pageOf(port), port % GuestMemory.WORDS_PER_PAGE, value);
    }

    private long pageOf(int port) {
        return arrayPages.get(port / GuestMemory.WORDS_PER_PAGE);
    }
}
