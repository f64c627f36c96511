package io.fleetcompat.agent.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable local outbox: one append-only, segmented log shared by every host of the process (one host
 * for {@code agent}, many for {@code simulate}). Each entry carries its host id and that host's sequence
 * number, assigned here at append and recovered from disk at start, so sequences are dense and monotonic
 * per host across restarts. Entries leave only through {@link #acknowledge} + {@link #commitCheckpoint}:
 * segments wholly below the checkpoint are deleted; everything above it is replayed after a crash.
 * Thread-safe.
 */
public final class Outbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /**
     * The largest entry accepted: below Kafka's default max.request.size and message.max.bytes (1 MiB) with
     * room for the batch overhead, so no entry can reach the outbox that the producer would refuse for good
     * and then block every entry behind it.
     */
    public static final int MAX_ENTRY_BYTES = 900 * 1024;

    private final OutboxSettings settings;
    private final DirectoryLock dirLock;
    private final CheckpointFile checkpointFile;
    private final ReentrantLock lock = new ReentrantLock();
    /** A refused oversized entry must not pin its buffer for the outbox's life. */
    private static final int MAX_KEPT_BUFFER_BYTES = 2 << 20;
    /** The appender's entry buffer, reused under {@link #lock} (direct: written to the file without a copy). */
    private ByteBuffer entryBuffer = ByteBuffer.allocateDirect(4096);
    private final Condition durableAdvanced = lock.newCondition();
    private final Deque<Segment> segments;
    private final Map<String, Long> lastSequences;
    private final Set<String> alarmedHosts = new HashSet<>();
    /** Per host, events refused over the outbox's life (persisted with the checkpoint, so a restart keeps them). */
    private final Map<String, Long> refused;
    private final AckTracker acks;
    private final ScheduledExecutorService syncTimer;
    private FileChannel active;
    private long retainedBytes;
    private long nextOffset;
    private long durableOffset;
    private int unsyncedAppends;
    private boolean closed;
    /** A failed write could not be cut back: nothing may be appended behind it until recovery at the next start. */
    private IOException unrepairedWrite;

    private Outbox(OutboxSettings settings, DirectoryLock dirLock, Checkpoint checkpoint,
                   LogRecovery.Recovered recovered) throws IOException {
        this.settings = settings;
        this.dirLock = dirLock;
        this.checkpointFile = new CheckpointFile(settings.dir());
        this.segments = new ArrayDeque<>(recovered.segments());
        this.lastSequences = new HashMap<>(recovered.lastSequences());
        this.acks = new AckTracker(checkpoint);
        this.refused = new HashMap<>(checkpoint.refused());
        this.nextOffset = recovered.nextOffset();
        this.durableOffset = nextOffset;
        this.retainedBytes = segments.stream().mapToLong(Segment::bytes).sum();
        if (segments.isEmpty() || segments.peekLast().nextOffset() != nextOffset) {
            startSegment();
        } else {
            active = FileChannel.open(segments.peekLast().path(), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        this.syncTimer = settings.fsync().mode() == FsyncPolicy.Mode.INTERVAL ? startSyncTimer(settings.fsync().interval()) : null;
    }

    /**
     * Opens (creating if needed) the outbox in {@code settings.dir()}, recovering state from disk.
     *
     * @throws OutboxCorruptedException if the log is damaged other than by a torn final write
     * @throws OutboxInUseException if another process has the directory open
     */
    public static Outbox open(OutboxSettings settings) throws IOException {
        return open(settings, DamageReport.REFUSE);
    }

    /**
     * Opens the outbox; an unreadable entry that readable entries follow is replaced by what {@code damageReport}
     * makes of it (the agent: a dead letter), so the entries after it are kept and sent.
     *
     * @throws OutboxCorruptedException if the log is damaged in a way no report can stand for
     * @throws OutboxInUseException if another process has the directory open
     */
    public static Outbox open(OutboxSettings settings, DamageReport damageReport) throws IOException {
        Files.createDirectories(settings.dir());
        DirectoryLock dirLock = DirectoryLock.acquire(settings.dir());
        Checkpoint checkpoint;
        LogRecovery.Recovered recovered;
        Outbox outbox;
        try {
            checkpoint = new CheckpointFile(settings.dir()).read();
            recovered = LogRecovery.recover(settings.dir(), checkpoint, damageReport);
            outbox = new Outbox(settings, dirLock, checkpoint, recovered);
        } catch (IOException | RuntimeException e) {
            dirLock.close();
            throw e;
        }
        LOG.info("Outbox {} open: offsets {}..{}, {} pending, {} hosts, {} torn bytes truncated, {} damaged entries "
                        + "reported", settings.dir(), checkpoint.ackedOffset(), recovered.nextOffset(), outbox.depth(),
                recovered.lastSequences().size(), recovered.truncatedBytes(), recovered.damaged().size());
        return outbox;
    }

    /**
     * Appends an event of {@code hostId}. The value is built by {@code valueForSequence} from the sequence
     * number it will carry; if the append is refused, that number is not used, so the host's sequence has
     * no gap.
     */
    public AppendResult append(String hostId, String topic, String key, LongFunction<byte[]> valueForSequence) {
        AppendResult result = append(hostId, topic, key, valueForSequence, settings.maxBytes());
        if (!result.isAppended()) {
            lock.lock();
            try {
                refused.merge(hostId, 1L, Long::sum);
            } finally {
                lock.unlock();
            }
        }
        return result;
    }

    /** Like {@link #append}, but may use the alarm reserve above the bound: for the "outbox full" alarm only. */
    public AppendResult appendAlarm(String hostId, String topic, String key, LongFunction<byte[]> valueForSequence) {
        return append(hostId, topic, key, valueForSequence, settings.maxBytes() + settings.alarmReserveBytes());
    }

    private AppendResult append(String hostId, String topic, String key, LongFunction<byte[]> valueForSequence,
                                long limitBytes) {
        lock.lock();
        try {
            if (closed) {
                return new AppendResult.Rejected(AppendResult.Reason.CLOSED, retainedBytes, limitBytes, false);
            }
            if (unrepairedWrite != null) {
                return new AppendResult.Rejected(AppendResult.Reason.WRITE_FAILED, retainedBytes, limitBytes,
                        alarmedHosts.add(hostId));
            }
            long sequence = lastSequences.getOrDefault(hostId, 0L) + 1;
            ByteBuffer encoded = EntryFormat.encode(
                    new OutboxEntry(nextOffset, hostId, sequence, topic, key, valueForSequence.apply(sequence)),
                    entryBuffer);
            if (encoded.capacity() <= MAX_KEPT_BUFFER_BYTES) {
                entryBuffer = encoded;
            }
            int length = encoded.remaining();
            if (length > MAX_ENTRY_BYTES || length + EntryFormat.SEGMENT_HEADER_BYTES > settings.segmentBytes()) {
                return new AppendResult.Rejected(AppendResult.Reason.TOO_LARGE, retainedBytes, limitBytes, false);
            }
            try {
                boolean roll = segments.peekLast().bytes() + length > settings.segmentBytes();
                long needed = length + (roll ? EntryFormat.SEGMENT_HEADER_BYTES : 0);
                if (retainedBytes + needed > limitBytes && reclaimAcknowledged()) {
                    roll = false;
                    needed = length;
                }
                if (retainedBytes + needed > limitBytes) {
                    return new AppendResult.Rejected(AppendResult.Reason.FULL, retainedBytes, limitBytes,
                            alarmedHosts.add(hostId));
                }
                if (roll) {
                    rollSegment();
                }
                writeEntry(encoded);
            } catch (IOException e) {
                // Disk full or an I/O error: the event is refused (counted, alarmed) like one the bound refuses.
                LOG.error("Outbox {}: cannot append an entry of host {}: {}", settings.dir(), hostId, e.toString());
                return new AppendResult.Rejected(AppendResult.Reason.WRITE_FAILED, retainedBytes, limitBytes,
                        alarmedHosts.add(hostId));
            }
            segments.addLast(segments.pollLast().withAppended(length));
            retainedBytes += length;
            lastSequences.put(hostId, sequence);
            long offset = nextOffset++;
            unsyncedAppends++;
            if (settings.fsync().mode() == FsyncPolicy.Mode.ALWAYS
                    || (settings.fsync().mode() == FsyncPolicy.Mode.EVERY_N && unsyncedAppends >= settings.fsync().everyN())) {
                syncLocked();
            }
            return new AppendResult.Appended(offset, sequence);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to outbox " + settings.dir(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Forces everything appended so far to disk; the publisher calls it before sending unsynced entries. */
    public void sync() {
        lock.lock();
        try {
            if (!closed) {
                syncLocked();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync outbox " + settings.dir(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Events of {@code hostId} refused by {@link #append} (full, too large, write failed, closed), over restarts. */
    public long refusedCount(String hostId) {
        lock.lock();
        try {
            return refused.getOrDefault(hostId, 0L);
        } finally {
            lock.unlock();
        }
    }

    /** Every host's last sequence number: what this outbox has appended (acknowledged or not). */
    public Map<String, Long> lastSequences() {
        lock.lock();
        try {
            return Map.copyOf(lastSequences);
        } finally {
            lock.unlock();
        }
    }

    /** Records that Kafka acknowledged the entry; the checkpoint moves over contiguous acknowledged entries. */
    public void acknowledge(OutboxEntry entry) {
        lock.lock();
        try {
            acks.ack(entry.offset(), entry.hostId(), entry.sequence());
        } finally {
            lock.unlock();
        }
    }

    /** Persists the checkpoint and deletes segments it wholly covers. */
    public void commitCheckpoint() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            checkpointFile.write(acks.checkpoint().withRefused(refused));
            while (segments.size() > 1 && segments.peekFirst().nextOffset() <= acks.ackedOffset()) {
                Segment drained = segments.pollFirst();
                Files.delete(drained.path());
                retainedBytes -= drained.bytes();
            }
            // Hysteresis: alarm again only after the backlog has really drained, not at every deleted segment.
            if (retainedBytes <= settings.maxBytes() * 3 / 4) {
                alarmedHosts.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outbox checkpoint in " + settings.dir(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Events appended but not yet acknowledged by Kafka (all hosts of this outbox). */
    public long depth() {
        lock.lock();
        try {
            return nextOffset - acks.ackedOffset();
        } finally {
            lock.unlock();
        }
    }

    /** Offset the publisher restarts from after a failure: the first entry that may not be acknowledged. */
    public long ackedOffset() {
        lock.lock();
        try {
            return acks.ackedOffset();
        } finally {
            lock.unlock();
        }
    }

    public long retainedBytes() {
        lock.lock();
        try {
            return retainedBytes;
        } finally {
            lock.unlock();
        }
    }

    /** The last sequence number given to {@code hostId}, 0 if none. */
    public long lastSequence(String hostId) {
        lock.lock();
        try {
            return lastSequences.getOrDefault(hostId, 0L);
        } finally {
            lock.unlock();
        }
    }

    /** Reads entries from {@code offset} on, up to what is on disk. */
    public OutboxCursor cursorAt(long offset) {
        return new OutboxCursor(this, offset);
    }

    public OutboxSettings settings() {
        return settings;
    }

    /** Waits until entries beyond {@code offset} exist (appended, not necessarily synced) or the timeout passes. */
    public boolean awaitEntriesBeyond(long offset, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (nextOffset <= offset && !closed && nanos > 0) {
                nanos = durableAdvanced.awaitNanos(nanos);
            }
            return nextOffset > offset;
        } finally {
            lock.unlock();
        }
    }

    /** End of the appended log (exclusive), and end of its synced part (exclusive). */
    long nextOffset() {
        lock.lock();
        try {
            return nextOffset;
        } finally {
            lock.unlock();
        }
    }

    long durableOffset() {
        lock.lock();
        try {
            return durableOffset;
        } finally {
            lock.unlock();
        }
    }

    /** The file of the segment holding {@code offset}. */
    Segment segmentFor(long offset) {
        lock.lock();
        try {
            Segment found = null;
            for (Segment segment : segments) {
                if (segment.baseOffset() <= offset) {
                    found = segment;
                }
            }
            if (found == null) {
                throw new IllegalStateException("offset " + offset + " is below the retained log");
            }
            return found;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        if (syncTimer != null) {
            syncTimer.shutdownNow();
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            durableAdvanced.signalAll();
            try {
                syncLocked();
                checkpointFile.write(acks.checkpoint().withRefused(refused));
            } finally {
                try {
                    active.close();
                } finally {
                    dirLock.close();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * At the bound, frees what Kafka has acknowledged though the active segment still holds it: a wholly acknowledged
     * active segment is rolled, then the checkpoint is written and the segments it covers deleted. Without it, an
     * outbox reopened with a smaller bound than the one it was written with refuses every event for good: its last
     * segment, acknowledged or not, counts against the bound and is never rolled.
     *
     * @return whether the active segment is now a fresh, empty one
     */
    private boolean reclaimAcknowledged() throws IOException {
        Segment last = segments.peekLast();
        if (last.isEmpty() || last.nextOffset() > acks.ackedOffset()) {
            return false;
        }
        rollSegment();
        commitCheckpoint();
        return true;
    }

    private void syncLocked() throws IOException {
        if (durableOffset == nextOffset) {
            return;
        }
        active.force(false);
        durableOffset = nextOffset;
        unsyncedAppends = 0;
        durableAdvanced.signalAll();
    }

    private void rollSegment() throws IOException {
        syncLocked();
        FileChannel previous = active;
        startSegment();
        previous.close();
    }

    /** A new active segment; if its header cannot be written the file is removed and the old one stays active. */
    private void startSegment() throws IOException {
        Path path = Segment.pathFor(settings.dir(), nextOffset);
        if (!segments.isEmpty() && segments.peekLast().isEmpty()) {
            throw new IllegalStateException("rolling an empty segment " + segments.peekLast().path());
        }
        FileChannel created = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        try {
            writeFully(created, EntryFormat.segmentHeader(nextOffset));
            created.force(true);
            AtomicFiles.forceDirectory(settings.dir());
        } catch (IOException | RuntimeException e) {
            created.close();
            Files.deleteIfExists(path);
            throw e;
        }
        active = created;
        segments.addLast(new Segment(path, nextOffset, nextOffset, EntryFormat.SEGMENT_HEADER_BYTES));
        retainedBytes += EntryFormat.SEGMENT_HEADER_BYTES;
    }

    /**
     * Appends one entry to the active segment. A write that fails part-way (disk full) is cut back to the
     * segment's last whole entry: later entries must not land behind garbage, where the publisher's cursor
     * would stop and recovery would drop them as a torn tail.
     */
    private void writeEntry(ByteBuffer encoded) throws IOException {
        try {
            writeFully(active, encoded);
        } catch (IOException e) {
            try {
                active.truncate(segments.peekLast().bytes());
            } catch (IOException truncateFailed) {
                e.addSuppressed(truncateFailed);
                unrepairedWrite = e;
            }
            throw e;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private ScheduledExecutorService startSyncTimer(Duration interval) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "outbox-fsync");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::syncQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return timer;
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.error("Outbox {}: periodic fsync failed", settings.dir(), e);
        }
    }
}
