package io.fleetcompat.stream.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The application runs with the error handlers the ITs test (the ITs build their settings in StreamsProps). */
class ErrorHandlingConfigTest {

    @Test
    void shouldDeadLetterFailingRecordsAndReplaceDeadThreadsInTheApplication() throws IOException {
        Properties app = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            app.load(in);
        }
        assertThat(app.getProperty("kafka-streams." + StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetterExceptionHandler.class.getName());
        assertThat(app.getProperty("kafka-streams." + StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetterExceptionHandler.class.getName());
        assertThat(new ReplaceStreamThread().handle(new IllegalStateException("store failed")))
                .isEqualTo(org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(app.getProperty("kafka-streams." + StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG))
                .isEqualTo("${FLEET_STREAM_STANDBY_REPLICAS:0}");
    }
}
