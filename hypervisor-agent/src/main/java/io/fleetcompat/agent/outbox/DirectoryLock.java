package io.fleetcompat.agent.outbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a state directory, held while the process uses it: two agents (a restart overlapping
 * the old process, or two simulators on one directory) would hand out the same sequences and truncate each
 * other's tails. The OS drops the lock when the process dies, so a kill -9 leaves nothing to clean up.
 */
final class DirectoryLock implements AutoCloseable {

    static final String FILE_NAME = "outbox.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws OutboxInUseException when another process (or another outbox of this one) holds it */
    static DirectoryLock acquire(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
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
            throw new OutboxInUseException(dir + " is in use by another outbox (lock " + file
                    + "): each agent or simulator process needs a directory of its own");
        }
        return new DirectoryLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
