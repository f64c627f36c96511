package io.fleetcompat.agent.outbox;

import java.nio.file.Path;

/**
 * One segment file as the outbox sees it: entries {@code baseOffset .. nextOffset-1}.
 *
 * @param bytes size of the file including its header
 */
record Segment(Path path, long baseOffset, long nextOffset, long bytes) {

    static final String SUFFIX = ".seg";

    static Path pathFor(Path dir, long baseOffset) {
        return dir.resolve(String.format("%020d%s", baseOffset, SUFFIX));
    }

    boolean isEmpty() {
        return nextOffset == baseOffset;
    }

    Segment withAppended(int entryBytes) {
        return new Segment(path, baseOffset, nextOffset + 1, bytes + entryBytes);
    }
}
