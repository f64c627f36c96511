package io.fleetcompat.kafka.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/** Writes meta.properties and the bootstrap checkpoint of a node's log dir, like {@code kafka-storage format}. */
final class StorageFormatter {

    private StorageFormatter() {
    }

    static boolean isFormatted(Path logDir) {
        return Files.exists(logDir.resolve("meta.properties"));
    }

    /** Formats unless already done, so a kept data dir keeps its topics across restarts. */
    /** @param scramArguments SCRAM users to create in the bootstrap metadata (the storage tool's --add-scram) */
    static void formatIfNeeded(String clusterId, NodeSpec node, List<String> scramArguments) throws Exception {
        if (isFormatted(node.logDir())) {
            return;
        }
        Files.createDirectories(node.logDir());
        String dir = node.logDir().toString();
        new Formatter()
                // The formatter reports on stdout by default; EmbeddedKafkaMain's stdout must carry only the ready line.
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(clusterId)
                .setNodeId(node.nodeId())
                .setControllerListenerName(NodeConfig.CONTROLLER_LISTENER)
                .setMetadataLogDirectory(dir)
                .setDirectories(List.of(dir))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setIgnoreFormatted(true)
                .setScramArguments(scramArguments)
                .run();
    }
}
