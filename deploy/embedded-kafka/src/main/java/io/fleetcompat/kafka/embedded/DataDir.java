package io.fleetcompat.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Utils;

/** Root of the nodes' log dirs: either kept (caller's directory) or temporary (deleted on release). */
record DataDir(Path root, boolean temporary) {

    static DataDir kept(Path root) {
        return new DataDir(root.toAbsolutePath(), false);
    }

    static DataDir createTemporary() {
        try {
            return new DataDir(Files.createTempDirectory("embedded-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data dir", e);
        }
    }

    Path nodeDir(int nodeId) {
        return root.resolve("node-" + nodeId);
    }

    /** Deletes a temporary dir; a kept dir stays so the next start finds its topics. */
    void release() {
        if (!temporary) {
            return;
        }
        try {
            Utils.delete(root.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
