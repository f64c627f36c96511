package io.fleetcompat.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ENOSPC: the outbox lives on a 256 KiB tmpfs that the disk fills before the outbox's own bound. The mount
 * needs a mount namespace, so {@link DiskFullWriter} runs in a child JVM under {@code unshare -rm} (a user and
 * mount namespace: no root needed where user namespaces are allowed, as on Debian 12).
 */
class OutboxDiskFullIT {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseAnAppendTheFullDiskCutsShortAndLoseNothingAppendedBeforeOrAfter() throws Exception {
        Map<String, String> found = runOnSmallTmpfs();

        long appended = Long.parseLong(found.get("appended"));
        assertThat(appended).as("entries appended before the disk was full").isPositive();
        // The failed append is a refusal (counted, alarmed), not an exception out of the toolstack's call
        assertThat(found).containsEntry("rejected", "WRITE_FAILED").containsEntry("alarmDue", "true");
        // cut back to the last whole entry: what is on disk is exactly what the outbox accounts for, all readable
        assertThat(found.get("readable")).isEqualTo(Long.toString(appended));
        assertThat(found.get("segmentBytesOnDisk")).isEqualTo(found.get("retainedBytes"));
        // once space is free again the next append takes the next sequence: the refused one used none
        assertThat(found.get("afterFree")).isEqualTo(new AppendResult.Appended(appended, appended + 1).toString());
        // and a restart recovers every entry, with the refusal still counted
        assertThat(found).containsEntry("reopenedEntries", Long.toString(appended + 1))
                .containsEntry("reopenedLastSequence", Long.toString(appended + 1))
                .containsEntry("reopenedRefused", "1");
    }

    private Map<String, String> runOnSmallTmpfs() throws IOException, InterruptedException {
        Path mountPoint = Files.createDirectories(dir.resolve("tmpfs"));
        Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve("outbox-disk-full-it.log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of("unshare", "-rm", "sh", "-c",
                "mount -t tmpfs -o size=256k fleetcompat-disk-full \"$0\" && exec \"$@\"", mountPoint.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-cp", classpath,
                DiskFullWriter.class.getName(), mountPoint.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the disk-full writer ends").isTrue();
        assertThat(process.exitValue()).as("exit code of the disk-full writer (stderr in %s; `unshare -rm` needs "
                + "user namespaces)", log).isZero();
        Map<String, String> found = new HashMap<>();
        out.lines().map(line -> line.split(" ", 2)).filter(parts -> parts.length == 2)
                .forEach(parts -> found.put(parts[0], parts[1]));
        return found;
    }
}
