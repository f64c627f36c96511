package io.fleetcompat.agent.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The disk-full scenario, run by {@link OutboxDiskFullIT} in a child JVM whose outbox directory is a small tmpfs
 * of its own mount namespace (the test JVM cannot see that mount, so the child checks and prints what it finds,
 * one {@code key value} line each): fill the disk with appends, free some space, append again, reopen.
 */
public final class DiskFullWriter {

    private static final int FILLER_BYTES = 64 * 1024;

    private DiskFullWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path filler = dir.resolve("filler");
        Files.write(filler, new byte[FILLER_BYTES]);
        OutboxSettings settings = new OutboxSettings(dir.resolve("outbox"), 64L << 20, 16 * 1024, FsyncPolicy.always());
        long appended = 0;
        try (Outbox outbox = Outbox.open(settings)) {
            AppendResult result;
            while ((result = append(outbox)).isAppended()) {
                appended++;
            }
            AppendResult.Rejected rejected = (AppendResult.Rejected) result;
            print("appended", appended);
            print("rejected", rejected.reason());
            print("alarmDue", rejected.alarmDue());
            try (OutboxCursor cursor = outbox.cursorAt(0)) {
                print("readable", cursor.read(Integer.MAX_VALUE).size());
            }
            print("segmentBytesOnDisk", segmentBytes(settings.dir()));
            print("retainedBytes", outbox.retainedBytes());
            Files.delete(filler);
            print("afterFree", append(outbox));
            outbox.commitCheckpoint();
        }
        try (Outbox reopened = Outbox.open(settings); OutboxCursor cursor = reopened.cursorAt(0)) {
            print("reopenedEntries", cursor.read(Integer.MAX_VALUE).size());
            print("reopenedLastSequence", reopened.lastSequence("host-a"));
            print("reopenedRefused", reopened.refusedCount("host-a"));
        }
    }

    private static AppendResult append(Outbox outbox) {
        return outbox.append("host-a", "fleet.events", "guest", sequence -> new byte[1000]);
    }

    private static long segmentBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void print(String key, Object value) {
        System.out.println(key + " " + value);
    }
}
