package io.fleetcompat.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage recovery can tell from a torn tail: an unreadable entry that readable entries follow is reported (in its
 * place, as the entry the {@link DamageReport} makes of it) and everything after it is kept and sent.
 */
class OutboxDamageTest {

    private static final String HOST_A = "host-a";
    private static final String HOST_B = "host-b";
    private static final String REPORTS = "reports";

    @TempDir
    Path dir;

    private final List<DamagedEntry> reported = new ArrayList<>();
    private final DamageReport capture = damaged -> {
        reported.add(damaged);
        return new DamageReport.Replacement(REPORTS, "damage", damaged.describe().getBytes(StandardCharsets.UTF_8));
    };

    private OutboxSettings settings(long segmentBytes) {
        return new OutboxSettings(dir, 1 << 20, segmentBytes, FsyncPolicy.always());
    }

    /** Offsets 0..count-1, alternately of host-a and host-b, each remembering where it starts in its segment. */
    private List<Long> appendEntries(int count, long segmentBytes) throws IOException {
        List<Long> positions = new ArrayList<>();
        try (Outbox outbox = Outbox.open(settings(segmentBytes))) {
            for (int i = 0; i < count; i++) {
                positions.add(Files.size(segmentFiles().get(segmentFiles().size() - 1)));
                outbox.append(i % 2 == 0 ? HOST_A : HOST_B, "fleet.events", "guest-" + i,
                        sequence -> ("event-" + sequence).getBytes(StandardCharsets.UTF_8));
            }
        }
        return positions;
    }

    private static List<OutboxEntry> readAll(Outbox outbox) {
        try (OutboxCursor cursor = outbox.cursorAt(0)) {
            return cursor.read(Integer.MAX_VALUE);
        }
    }

    @Test
    void shouldReportAnEntryWhoseCrcFailsInTheMiddleOfTheLastSegmentAndKeepTheEntriesAfterIt() throws IOException {
        // Given five entries, the third of which (offset 2, host-a's second) rots on disk
        List<Long> positions = appendEntries(5, 4096);
        Path segment = segmentFiles().get(0);
        overwrite(segment, positions.get(3) - 1, new byte[] {'X'});

        // When the outbox opens with a damage report
        try (Outbox reopened = Outbox.open(settings(4096), capture)) {
            // Then only the damaged entry is reported, naming its offset and what its bytes still say
            assertThat(reported).singleElement().satisfies(damaged -> {
                assertThat(damaged.offset()).isEqualTo(2);
                assertThat(damaged.regionOffsets()).isEqualTo(1);
                assertThat(damaged.why()).contains("fails its CRC");
                assertThat(damaged.readable().hostId()).isEqualTo(HOST_A);
                assertThat(damaged.readable().sequence()).isEqualTo(2);
                assertThat(damaged.raw()).isNotEmpty();
            });
            // and every later entry is kept at its offset, the report in the damaged one's place
            assertThat(readAll(reopened)).extracting(e -> e.offset() + ":" + e.topic() + ":" + e.hostId() + ":" + e.sequence())
                    .containsExactly("0:fleet.events:host-a:1", "1:fleet.events:host-b:1", "2:reports::0",
                            "3:fleet.events:host-b:2", "4:fleet.events:host-a:3");
            // and sequences go on after the highest kept one: none is handed out twice
            assertThat(reopened.lastSequences()).containsEntry(HOST_A, 3L).containsEntry(HOST_B, 2L);
            assertThat(reopened.append(HOST_A, "fleet.events", "k", s -> new byte[] {1}))
                    .isEqualTo(new AppendResult.Appended(5, 4));
        }
        // The repair is on disk: the next start finds nothing to report
        try (Outbox again = Outbox.open(settings(4096))) {
            assertThat(readAll(again)).hasSize(6);
        }
    }

    @Test
    void shouldFindTheNextEntryWhenTheDamagedEntrysLengthIsDamagedToo() throws IOException {
        List<Long> positions = appendEntries(5, 4096);
        Path segment = segmentFiles().get(0);
        // The length prefix of offset 1 now points far beyond the file.
        overwrite(segment, positions.get(1), ByteBuffer.allocate(4).putInt(1_000_000).array());

        try (Outbox reopened = Outbox.open(settings(4096), capture)) {
            assertThat(reported).extracting(DamagedEntry::offset).containsExactly(1L);
            assertThat(readAll(reopened)).extracting(OutboxEntry::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(readAll(reopened).get(1).topic()).isEqualTo(REPORTS);
        }
    }

    @Test
    void shouldReportEveryOffsetOfADamagedRegionThatSpansSeveralEntries() throws IOException {
        List<Long> positions = appendEntries(6, 4096);
        Path segment = segmentFiles().get(0);
        // Zeros from inside offset 1 to inside offset 3's header: a lost page, say.
        overwrite(segment, positions.get(1) + 3, new byte[(int) (positions.get(3) + 8 - positions.get(1))]);

        try (Outbox reopened = Outbox.open(settings(4096), capture)) {
            assertThat(reported).extracting(DamagedEntry::offset).containsExactly(1L, 2L, 3L);
            assertThat(reported).allSatisfy(d -> assertThat(d.regionOffsets()).isEqualTo(3));
            // zeros say nothing about the entry they replaced
            assertThat(reported.get(0).readable()).isNull();
            assertThat(readAll(reopened)).extracting(e -> e.offset() + ":" + e.topic())
                    .containsExactly("0:fleet.events", "1:reports", "2:reports", "3:reports", "4:fleet.events",
                            "5:fleet.events");
        }
    }

    @Test
    void shouldReportTheDamagedEndOfASegmentThatIsNotTheLastUpToTheNextSegment() throws IOException {
        appendEntries(40, 1024);
        List<Path> segments = segmentFiles();
        assertThat(segments).hasSizeGreaterThan(2);
        Path first = segments.get(0);
        long firstOfNext = Long.parseLong(segments.get(1).getFileName().toString().replace(".seg", ""));
        overwrite(first, Files.size(first) - 1, new byte[] {'X'});

        try (Outbox reopened = Outbox.open(settings(1024), capture)) {
            assertThat(reported).extracting(DamagedEntry::offset).containsExactly(firstOfNext - 1);
            assertThat(readAll(reopened)).extracting(OutboxEntry::offset)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 40).boxed().toList());
        }
    }

    @Test
    void shouldStillTruncateATornLastEntryAndNotReportIt() throws IOException {
        List<Long> positions = appendEntries(3, 4096);
        Path segment = segmentFiles().get(0);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(positions.get(2) + 10);
        }
        try (Outbox reopened = Outbox.open(settings(4096), capture)) {
            assertThat(reported).isEmpty();
            assertThat(readAll(reopened)).extracting(OutboxEntry::offset).containsExactly(0L, 1L);
        }
    }

    @Test
    void shouldRefuseToOpenADamagedOutboxWithoutADamageReport() throws IOException {
        List<Long> positions = appendEntries(5, 4096);
        overwrite(segmentFiles().get(0), positions.get(3) - 1, new byte[] {'X'});

        assertThatThrownBy(() -> Outbox.open(settings(4096)))
                .isInstanceOf(OutboxCorruptedException.class)
                .hasMessageContaining("offset 2");
        // nothing was changed: a report given later still finds the damage
        try (Outbox reopened = Outbox.open(settings(4096), capture)) {
            assertThat(reported).extracting(DamagedEntry::offset).containsExactly(2L);
        }
    }

    @Test
    void shouldKeepEachHostsRefusalCountAcrossRestarts() throws IOException {
        OutboxSettings small = new OutboxSettings(dir, 2048, 1024, FsyncPolicy.always());
        long refusedA;
        try (Outbox outbox = Outbox.open(small)) {
            while (outbox.append(HOST_A, "fleet.events", "k", s -> new byte[64]).isAppended()) {
                // fill it
            }
            outbox.append(HOST_A, "fleet.events", "k", s -> new byte[64]);
            outbox.append(HOST_B, "fleet.events", "k", s -> new byte[64]);
            refusedA = outbox.refusedCount(HOST_A);
            assertThat(refusedA).isEqualTo(2);
            assertThat(outbox.refusedCount(HOST_B)).isEqualTo(1);
            // an alarm that takes the reserve is not an event refused
            outbox.appendAlarm(HOST_A, "fleet.hosts", HOST_A, s -> new byte[] {1});
            outbox.commitCheckpoint();
        }
        try (Outbox reopened = Outbox.open(small)) {
            assertThat(reopened.refusedCount(HOST_A)).isEqualTo(refusedA);
            assertThat(reopened.refusedCount(HOST_B)).isEqualTo(1);
            reopened.append(HOST_B, "fleet.events", "k", s -> new byte[64]);
            assertThat(reopened.refusedCount(HOST_B)).isEqualTo(2);
        }
    }

    @Test
    void shouldFreeAcknowledgedBytesWhenReopenedWithASmallerBoundInsteadOfRefusingForGood() throws IOException {
        // Given an outbox written with large segments, everything in it acknowledged
        try (Outbox big = Outbox.open(new OutboxSettings(dir, 64L << 20, 8L << 20, FsyncPolicy.always()))) {
            for (int i = 0; i < 500; i++) {
                big.append(HOST_A, "fleet.events", "k", s -> new byte[512]);
            }
            readAll(big).forEach(big::acknowledge);
            big.commitCheckpoint();
        }
        // When it is reopened with a bound smaller than its acknowledged last segment
        OutboxSettings small = new OutboxSettings(dir, 64 * 1024, 16 * 1024, FsyncPolicy.always());
        try (Outbox reopened = Outbox.open(small)) {
            assertThat(reopened.retainedBytes()).isGreaterThan(small.maxBytes());
            // Then the next event rolls the acknowledged segment away and is appended
            assertThat(reopened.append(HOST_A, "fleet.events", "k", s -> new byte[512]))
                    .isEqualTo(new AppendResult.Appended(500, 501));
            assertThat(reopened.retainedBytes()).isLessThan(small.maxBytes());
            assertThat(reopened.refusedCount(HOST_A)).isZero();
        }
    }

    @Test
    void shouldStillRefuseWhenTheBoundIsReachedByEntriesKafkaHasNotAcknowledged() throws IOException {
        OutboxSettings small = new OutboxSettings(dir, 64 * 1024, 16 * 1024, FsyncPolicy.always());
        try (Outbox outbox = Outbox.open(small)) {
            int appended = 0;
            while (outbox.append(HOST_A, "fleet.events", "k", s -> new byte[512]).isAppended()) {
                appended++;
            }
            assertThat(appended).isPositive();
            assertThat(outbox.depth()).isEqualTo(appended);
        }
    }

    private static void overwrite(Path file, long position, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position);
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }
}
