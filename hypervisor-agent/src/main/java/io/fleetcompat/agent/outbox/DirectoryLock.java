package io.fleetcompat.agent.outbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a state directory, held while the process uses it: two agents (a restart overlapping
 * the old process, or two simulators on one directory) would hand out the same sequences and truncate each
 * other's tails. The OS drops the lock when the process dies, so a kill -9 leaves nothing to clean up.
 */
final class DirectoryLock implements AutoCloseable {

    static final String FILE_NAME = "outbox.lock";

    /**
     * Directories this JVM holds, checked before the lock file is even opened: on Linux a JDK file lock is a
     * per-process POSIX lock, and closing any channel to the file (as a refused second open would) drops it.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws OutboxInUseException when another process (or another outbox of this one) holds it */
    static DirectoryLock acquire(Path dir) throws IOException {
        Path real = dir.toRealPath();
        Path file = real.resolve(FILE_NAME);
        if (!HELD.add(real)) {
            throw inUse(dir, file);
        }
        try {
            return lockFile(real, file);
        } catch (IOException | RuntimeException e) {
            HELD.remove(real);
            throw e;
        }
    }

    private static DirectoryLock lockFile(Path dir, Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw inUse(dir, file);
        }
        return new DirectoryLock(dir, channel, lock);
    }

    private static OutboxInUseException inUse(Path dir, Path file) {
        return new OutboxInUseException(dir + " is in use by another outbox (lock " + file
                + "): each agent or simulator process needs a directory of its own");
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
            HELD.remove(dir);
        }
    }
}
