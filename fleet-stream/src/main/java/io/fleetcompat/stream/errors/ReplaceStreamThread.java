package io.fleetcompat.stream.errors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * A stream thread that dies (a record's dead letter could not be written, a store failed, a bug) is replaced: its tasks
 * go back to the group and are processed again from their last commit, under exactly-once with nothing of the
 * failed transaction kept. Quarkus hands this bean to Kafka Streams. The global thread cannot be replaced; Kafka
 * Streams then shuts the instance down, and liveness reports it (an orchestrator restarts the process).
 */
@ApplicationScoped
public class ReplaceStreamThread implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = Logger.getLogger(ReplaceStreamThread.class);
    private static final Counter REPLACED = Metrics.counter("fleet_stream_threads_replaced");

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        REPLACED.increment();
        LOG.errorf(exception, "a stream thread died (%s); replacing it", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
