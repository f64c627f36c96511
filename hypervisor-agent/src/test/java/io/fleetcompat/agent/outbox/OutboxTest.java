package io.fleetcompat.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    private static final String HOST_A = "host-a";
    private static final String HOST_B = "host-b";

    @TempDir
    Path dir;

    private OutboxSettings settings(long maxBytes, long segmentBytes) {
        return new OutboxSettings(dir, maxBytes, segmentBytes, FsyncPolicy.always());
    }

    private static AppendResult append(Outbox outbox, String host, String text) {
        return outbox.append(host, "fleet.events", "guest-" + text,
                sequence -> (text + "#" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    private static List<OutboxEntry> readAll(Outbox outbox, long from) {
        try (OutboxCursor cursor = outbox.cursorAt(from)) {
            return cursor.read(Integer.MAX_VALUE);
        }
    }

    @Test
    void shouldAssignDensePerHostSequencesAndKeepThemAcrossReopen() throws IOException {
        try (Outbox outbox = Outbox.open(settings(1 << 20, 4096))) {
            assertThat(append(outbox, HOST_A, "a1")).isEqualTo(new AppendResult.Appended(0, 1));
            assertThat(append(outbox, HOST_B, "b1")).isEqualTo(new AppendResult.Appended(1, 1));
            assertThat(append(outbox, HOST_A, "a2")).isEqualTo(new AppendResult.Appended(2, 2));
        }
        try (Outbox reopened = Outbox.open(settings(1 << 20, 4096))) {
            assertThat(reopened.lastSequence(HOST_A)).isEqualTo(2);
            assertThat(append(reopened, HOST_A, "a3")).isEqualTo(new AppendResult.Appended(3, 3));
            assertThat(readAll(reopened, 0))
                    .extracting(e -> e.hostId() + ":" + e.sequence() + ":" + new String(e.value(), StandardCharsets.UTF_8))
                    .containsExactly("host-a:1:a1#1", "host-b:1:b1#1", "host-a:2:a2#2", "host-a:3:a3#3");
        }
    }

    @Test
    void shouldTruncateATornTailAndReuseItsSequence() throws IOException {
        try (Outbox outbox = Outbox.open(settings(1 << 20, 4096))) {
            append(outbox, HOST_A, "a1");
            append(outbox, HOST_A, "a2");
        }
        Path segment = segmentFiles().get(0);
        long intact = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            // A kill -9 in the middle of the third write: its length prefix promises more than was written.
            channel.truncate(intact - 5);
        }

        try (Outbox reopened = Outbox.open(settings(1 << 20, 4096))) {
            assertThat(readAll(reopened, 0)).extracting(OutboxEntry::sequence).containsExactly(1L);
            assertThat(append(reopened, HOST_A, "a2-again")).isEqualTo(new AppendResult.Appended(1, 2));
        }
    }

    @Test
    void shouldTruncateAnEntryWhoseCrcDoesNotMatch() throws IOException {
        try (Outbox outbox = Outbox.open(settings(1 << 20, 4096))) {
            append(outbox, HOST_A, "a1");
            append(outbox, HOST_A, "a2");
        }
        Path segment = segmentFiles().get(0);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {'X'}), Files.size(segment) - 1);
        }
        try (Outbox reopened = Outbox.open(settings(1 << 20, 4096))) {
            assertThat(reopened.lastSequence(HOST_A)).isEqualTo(1);
        }
    }

    @Test
    void shouldRemoveALastSegmentWhoseHeaderNeverReachedTheDisk() throws IOException {
        try (Outbox outbox = Outbox.open(settings(1 << 20, 1024))) {
            for (int i = 0; i < 40; i++) {
                append(outbox, HOST_A, "event-" + i);
            }
        }
        List<Path> before = segmentFiles();
        long nextBase = 40;
        // A crash right after the roll created the next segment: the file exists, its header is short.
        Path torn = dir.resolve(String.format("%020d.seg", nextBase));
        Files.write(torn, new byte[] {0x46, 0x43});

        try (Outbox reopened = Outbox.open(settings(1 << 20, 1024))) {
            assertThat(reopened.lastSequence(HOST_A)).isEqualTo(40);
            assertThat(append(reopened, HOST_A, "after")).isEqualTo(new AppendResult.Appended(40, 41));
            assertThat(readAll(reopened, 0)).hasSize(41);
        }
        // the torn file went; the last whole segment took the new entry
        assertThat(segmentFiles()).isEqualTo(before);
    }

    @Test
    void shouldRefuseASecondOutboxOnTheSameDirectoryUntilTheFirstCloses() throws IOException {
        try (Outbox first = Outbox.open(settings(1 << 20, 4096))) {
            append(first, HOST_A, "a1");
            assertThatThrownBy(() -> Outbox.open(settings(1 << 20, 4096)))
                    .isInstanceOf(OutboxInUseException.class)
                    .hasMessageContaining("is in use by another outbox");
            // the refused open changed nothing
            assertThat(append(first, HOST_A, "a2")).isEqualTo(new AppendResult.Appended(1, 2));
        }
        try (Outbox reopened = Outbox.open(settings(1 << 20, 4096))) {
            assertThat(reopened.lastSequence(HOST_A)).isEqualTo(2);
        }
    }

    @Test
    void shouldRefuseAnEntryTheProducerCouldNeverSendWithoutUsingItsSequence() throws IOException {
        try (Outbox outbox = Outbox.open(settings(64L << 20, 8L << 20))) {
            AppendResult tooLarge = outbox.append(HOST_A, "fleet.events", "k", seq -> new byte[Outbox.MAX_ENTRY_BYTES]);
            assertThat(tooLarge).isInstanceOfSatisfying(AppendResult.Rejected.class,
                    rejected -> assertThat(rejected.reason()).isEqualTo(AppendResult.Reason.TOO_LARGE));
            assertThat(append(outbox, HOST_A, "a1")).isEqualTo(new AppendResult.Appended(0, 1));
        }
    }

    @Test
    void shouldRejectWhenFullWithOneAlarmPerHostAndLetTheAlarmUseTheReserve() throws IOException {
        try (Outbox outbox = Outbox.open(settings(2048, 1024))) {
            AppendResult result;
            int appended = 0;
            while ((result = append(outbox, HOST_A, "filler")).isAppended()) {
                appended++;
            }
            assertThat(appended).isPositive();
            assertThat(result).isInstanceOfSatisfying(AppendResult.Rejected.class, rejected -> {
                assertThat(rejected.reason()).isEqualTo(AppendResult.Reason.FULL);
                assertThat(rejected.alarmDue()).isTrue();
                assertThat(rejected.limitBytes()).isEqualTo(2048);
            });
            AppendResult again = append(outbox, HOST_A, "filler");
            assertThat(again).isInstanceOfSatisfying(AppendResult.Rejected.class,
                    rejected -> assertThat(rejected.alarmDue()).isFalse());

            AppendResult alarm = outbox.appendAlarm(HOST_A, "fleet.hosts", HOST_A, seq -> new byte[] {1});
            assertThat(alarm).isEqualTo(new AppendResult.Appended(appended, appended + 1));
            assertThat(outbox.lastSequence(HOST_A)).isEqualTo(appended + 1);
        }
    }

    @Test
    void shouldDeleteDrainedSegmentsAndReplayOnlyFromTheCheckpoint() throws IOException {
        try (Outbox outbox = Outbox.open(settings(1 << 20, 1024))) {
            for (int i = 0; i < 60; i++) {
                append(outbox, i % 2 == 0 ? HOST_A : HOST_B, "event-" + i);
            }
            int segmentsBefore = segmentFiles().size();
            assertThat(segmentsBefore).isGreaterThan(2);
            List<OutboxEntry> all = readAll(outbox, 0);
            // Acknowledgements arrive out of order; only the contiguous prefix 0..49 counts.
            for (int i = 49; i >= 0; i--) {
                outbox.acknowledge(all.get(i));
            }
            outbox.acknowledge(all.get(55));
            outbox.commitCheckpoint();

            assertThat(outbox.ackedOffset()).isEqualTo(50);
            assertThat(outbox.depth()).isEqualTo(10);
            assertThat(segmentFiles().size()).isLessThan(segmentsBefore);
        }
        try (Outbox reopened = Outbox.open(settings(1 << 20, 1024))) {
            assertThat(reopened.depth()).isEqualTo(10);
            assertThat(readAll(reopened, reopened.ackedOffset())).extracting(OutboxEntry::offset)
                    .containsExactly(50L, 51L, 52L, 53L, 54L, 55L, 56L, 57L, 58L, 59L);
        }
    }

    @Test
    void shouldContinueSequencesFromTheCheckpointWhenAllEntriesAreDeleted() throws IOException {
        try (Outbox outbox = Outbox.open(settings(1 << 20, 1024))) {
            for (int i = 0; i < 30; i++) {
                append(outbox, HOST_A, "event-" + i);
            }
            append(outbox, HOST_B, "last");
            readAll(outbox, 0).forEach(outbox::acknowledge);
            outbox.commitCheckpoint();
            // Force the last segment to roll, so every entry of host-a is in deleted segments.
            for (int i = 0; i < 30; i++) {
                append(outbox, HOST_B, "more-" + i);
            }
            readAll(outbox, outbox.ackedOffset()).forEach(outbox::acknowledge);
            outbox.commitCheckpoint();
        }
        try (Outbox reopened = Outbox.open(settings(1 << 20, 1024))) {
            assertThat(reopened.depth()).isZero();
            assertThat(append(reopened, HOST_A, "after")).isInstanceOfSatisfying(AppendResult.Appended.class,
                    appended -> assertThat(appended.sequence()).isEqualTo(31));
            assertThat(reopened.lastSequence(HOST_B)).isEqualTo(31);
        }
    }

    @Test
    void shouldHideUnsyncedEntriesFromReadersUntilSynced() throws IOException {
        OutboxSettings everyTen = new OutboxSettings(dir, 1 << 20, 4096, FsyncPolicy.everyN(10));
        try (Outbox outbox = Outbox.open(everyTen); OutboxCursor cursor = outbox.cursorAt(0)) {
            append(outbox, HOST_A, "a1");
            assertThat(cursor.read(10)).isEmpty();
            assertThat(cursor.behindUnsynced()).isTrue();
            outbox.sync();
            assertThat(cursor.read(10)).extracting(OutboxEntry::sequence).containsExactly(1L);
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }
}
