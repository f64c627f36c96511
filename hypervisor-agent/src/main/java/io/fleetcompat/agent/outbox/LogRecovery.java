package io.fleetcompat.agent.outbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the outbox state from its directory at start: validates every segment, truncates a torn tail of
 * the last one (a kill -9 or power loss mid-write), replaces unreadable entries that readable ones follow (in
 * the same segment, or the next segment for the end of one that is not the last) with the reports a
 * {@link DamageReport} makes of them, deletes segments the checkpoint already
 * covers, and finds each host's last sequence. Other damage stops the start with {@link OutboxCorruptedException}.
 */
final class LogRecovery {

    /**
     * The recovered log: retained segments in order, the next offset, each host's last sequence, and the damaged
     * entries that were replaced by their reports.
     */
    record Recovered(List<Segment> segments, long nextOffset, Map<String, Long> lastSequences, long truncatedBytes,
                     List<DamagedEntry> damaged) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);
    /** A report entry belongs to no host: it carries no host's sequence. */
    static final String NO_HOST = "";

    private LogRecovery() {
    }

    static Recovered recover(Path dir, Checkpoint checkpoint, DamageReport damageReport) throws IOException {
        List<Path> files = segmentFiles(dir);
        List<Segment> segments = new ArrayList<>();
        Map<String, Long> lastSequences = new HashMap<>(checkpoint.ackedSequences());
        List<DamagedEntry> damaged = new ArrayList<>();
        long truncated = 0;
        for (int i = 0; i < files.size(); i++) {
            boolean last = i == files.size() - 1;
            if (last && Files.size(files.get(i)) <= EntryFormat.SEGMENT_HEADER_BYTES
                    && !hasWholeHeader(files.get(i))) {
                // A crash while rolling: the new segment's header never reached the disk whole. Nothing was
                // appended to it (entries follow a forced header), so it goes, and the outbox starts it again.
                LOG.warn("Outbox {}: the last segment has no whole header (a crash while rolling); removing it",
                        files.get(i));
                truncated += Files.size(files.get(i));
                Files.delete(files.get(i));
                break;
            }
            OptionalLong nextBase = last ? OptionalLong.empty() : baseOffsetOf(files.get(i + 1));
            Scan scan = scan(files.get(i), nextBase, lastSequences);
            while (scan.damage() != null) {
                damaged.addAll(repair(files.get(i), scan.damage(), damageReport));
                scan = scan(files.get(i), nextBase, lastSequences);
            }
            truncated += scan.truncatedBytes();
            Segment segment = scan.segment();
            if (!segments.isEmpty() && segments.get(segments.size() - 1).nextOffset() != segment.baseOffset()) {
                throw new OutboxCorruptedException(segment.path() + " starts at offset " + segment.baseOffset()
                        + " but the previous segment ends at " + segments.get(segments.size() - 1).nextOffset());
            }
            segments.add(segment);
        }
        long nextOffset = segments.isEmpty() ? checkpoint.ackedOffset() : segments.get(segments.size() - 1).nextOffset();
        if (checkpoint.ackedOffset() > nextOffset) {
            throw new OutboxCorruptedException(dir + ": checkpoint acknowledges offset " + checkpoint.ackedOffset()
                    + " but the log ends at " + nextOffset);
        }
        return new Recovered(deleteCovered(segments, checkpoint), nextOffset, lastSequences, truncated,
                List.copyOf(damaged));
    }

    /** A scanned segment, or where it is damaged with readable entries after the damage. */
    private record Scan(Segment segment, long truncatedBytes, Damage damage) {
    }

    /** Unreadable bytes from {@code position}, offsets {@code firstOffset..} up to the readable entry at {@code resync}. */
    private record Damage(long position, long firstOffset, String why, EntryFormat.Resync resync) {
    }

    /**
     * @param nextBase the base offset of the next segment (empty for the last one): an unreadable end of a segment
     *                 that is not the last stands for the offsets up to it
     */
    private static Scan scan(Path file, OptionalLong nextBase, Map<String, Long> lastSequences) throws IOException {
        boolean last = nextBase.isEmpty();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long base = EntryFormat.readSegmentHeader(channel, file.toString());
            if (!file.equals(Segment.pathFor(file.getParent(), base))) {
                throw new OutboxCorruptedException(file + ": header says base offset " + base);
            }
            long size = channel.size();
            long position = EntryFormat.SEGMENT_HEADER_BYTES;
            long expectedOffset = base;
            while (true) {
                EntryFormat.Read read = EntryFormat.read(channel, position, size);
                if (read instanceof EntryFormat.Read.Entry found) {
                    OutboxEntry entry = found.entry();
                    if (entry.offset() != expectedOffset) {
                        throw new OutboxCorruptedException(file + ": entry at " + position + " has offset "
                                + entry.offset() + ", expected " + expectedOffset);
                    }
                    if (!entry.hostId().isEmpty()) {
                        lastSequences.merge(entry.hostId(), entry.sequence(), Math::max);
                    }
                    expectedOffset++;
                    position = found.nextPosition();
                } else if (read instanceof EntryFormat.Read.Torn torn) {
                    var resync = EntryFormat.nextEntryAfter(channel, position, size, expectedOffset);
                    if (resync.isPresent()) {
                        return new Scan(null, 0, new Damage(position, expectedOffset, torn.why(), resync.get()));
                    }
                    if (!last && nextBase.getAsLong() > expectedOffset) {
                        return new Scan(null, 0, new Damage(position, expectedOffset, torn.why(),
                                new EntryFormat.Resync(size, nextBase.getAsLong())));
                    }
                    if (!last) {
                        throw new OutboxCorruptedException(file + " (not the last segment): " + torn.why());
                    }
                    LOG.warn("Outbox {}: {}; truncating {} bytes of torn tail", file, torn.why(), size - position);
                    channel.truncate(position);
                    channel.force(true);
                    return new Scan(new Segment(file, base, expectedOffset, position), size - position, null);
                } else {
                    if (last) {
                        // After a kill -9 the tail may still be only in the page cache; the publisher treats
                        // what recovery found as durable, so make it so before anything is sent.
                        channel.force(true);
                    }
                    return new Scan(new Segment(file, base, expectedOffset, position), 0, null);
                }
            }
        }
    }

    /**
     * Rewrites the segment with one report entry per damaged offset in place of the damaged bytes, keeping every
     * byte before and after them, so the later entries keep their offsets and are sent. The file is replaced
     * atomically: a crash while repairing finds the damage again at the next start.
     */
    private static List<DamagedEntry> repair(Path file, Damage damage, DamageReport report) throws IOException {
        byte[] content = Files.readAllBytes(file);
        int start = Math.toIntExact(damage.position());
        int end = Math.toIntExact(damage.resync().position());
        byte[] region = Arrays.copyOfRange(content, start, end);
        byte[] raw = Arrays.copyOf(region, Math.min(region.length, DamagedEntry.MAX_RAW_BYTES));
        OutboxEntry readable = EntryFormat.readUnverified(region, damage.firstOffset());
        int offsets = Math.toIntExact(damage.resync().offset() - damage.firstOffset());
        List<DamagedEntry> damaged = new ArrayList<>();
        ByteArrayOutputStream repaired = new ByteArrayOutputStream(content.length);
        repaired.write(content, 0, start);
        for (int i = 0; i < offsets; i++) {
            DamagedEntry entry = new DamagedEntry(damage.firstOffset() + i, file, damage.position(), offsets,
                    damage.why(), i == 0 ? raw : new byte[0], i == 0 ? readable : null);
            DamageReport.Replacement replacement = report.replace(entry);
            ByteBuffer encoded = EntryFormat.encode(new OutboxEntry(entry.offset(), NO_HOST, 0,
                    replacement.topic(), replacement.key(), replacement.value()));
            repaired.write(encoded.array(), encoded.arrayOffset() + encoded.position(), encoded.remaining());
            LOG.error("Outbox {}: {}; replaced by a report to {}, the entries after it are kept", file,
                    entry.describe(), replacement.topic());
            damaged.add(entry);
        }
        repaired.write(content, end, content.length - end);
        AtomicFiles.write(file, repaired.toByteArray());
        return damaged;
    }

    /** The base offset in a segment's header; empty when the header cannot be read. */
    private static OptionalLong baseOffsetOf(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return OptionalLong.of(EntryFormat.readSegmentHeader(channel, file.toString()));
        } catch (OutboxCorruptedException e) {
            return OptionalLong.empty();
        }
    }

    /** A header of the right magic and version, complete (a zero-filled or short one is not). */
    private static boolean hasWholeHeader(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            EntryFormat.readSegmentHeader(channel, file.toString());
            return true;
        } catch (OutboxCorruptedException e) {
            return false;
        }
    }

    /** A crash between writing the checkpoint and deleting segments leaves covered segments behind. */
    private static List<Segment> deleteCovered(List<Segment> segments, Checkpoint checkpoint) throws IOException {
        List<Segment> retained = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            boolean lastOne = i == segments.size() - 1;
            if (!lastOne && segment.nextOffset() <= checkpoint.ackedOffset()) {
                Files.delete(segment.path());
            } else {
                retained.add(segment);
            }
        }
        return retained;
    }

    private static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> p.getFileName().toString().endsWith(Segment.SUFFIX)).sorted().toList();
        }
    }
}
