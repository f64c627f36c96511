package io.fleetcompat.stream.support;

import io.fleetcompat.stream.errors.DeadLetterExceptionHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** The settings the real-broker ITs run fleet-stream's topology with: production's guarantee, quick commits. */
public final class StreamsProps {

    private StreamsProps() {
    }

    /**
     * Exactly-once v2, 100 ms commits (output is visible at commit), a fresh state directory, and production's
     * error handlers (application.properties names the same; {@code ErrorHandlingConfigTest} keeps them equal).
     */
    public static Properties exactlyOnce(String applicationId, String bootstrapServers) throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(applicationId).toString());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class.getName());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class.getName());
        return props;
    }
}
