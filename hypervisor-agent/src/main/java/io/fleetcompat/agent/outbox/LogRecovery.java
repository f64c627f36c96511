package io.fleetcompat.agent.outbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the outbox state from its directory at start: validates every segment, truncates a torn tail of
 * the last one (a kill -9 or power loss mid-write), deletes segments the checkpoint already covers, and
 * finds each host's last sequence. Damage anywhere else stops the start with {@link OutboxCorruptedException}.
 */
final class LogRecovery {

    /** The recovered log: retained segments in order, the next offset, and each host's last sequence. */
    record Recovered(List<Segment> segments, long nextOffset, Map<String, Long> lastSequences, long truncatedBytes) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    private LogRecovery() {
    }

    static Recovered recover(Path dir, Checkpoint checkpoint) throws IOException {
        List<Path> files = segmentFiles(dir);
        List<Segment> segments = new ArrayList<>();
        Map<String, Long> lastSequences = new HashMap<>(checkpoint.ackedSequences());
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
            Scan scan = scan(files.get(i), last, lastSequences);
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
        return new Recovered(deleteCovered(segments, checkpoint), nextOffset, lastSequences, truncated);
    }

    private record Scan(Segment segment, long truncatedBytes) {
    }

    private static Scan scan(Path file, boolean last, Map<String, Long> lastSequences) throws IOException {
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
                    lastSequences.merge(entry.hostId(), entry.sequence(), Math::max);
                    expectedOffset++;
                    position = found.nextPosition();
                } else if (read instanceof EntryFormat.Read.Torn torn) {
                    if (!last) {
                        throw new OutboxCorruptedException(file + " (not the last segment): " + torn.why());
                    }
                    LOG.warn("Outbox {}: {}; truncating {} bytes of torn tail", file, torn.why(), size - position);
                    channel.truncate(position);
                    channel.force(true);
                    return new Scan(new Segment(file, base, expectedOffset, position), size - position);
                } else {
                    if (last) {
                        // After a kill -9 the tail may still be only in the page cache; the publisher treats
                        // what recovery found as durable, so make it so before anything is sent.
                        channel.force(true);
                    }
                    return new Scan(new Segment(file, base, expectedOffset, position), 0);
                }
            }
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
