package io.fleetcompat.stream.errors;

import io.fleetcompat.schema.avro.DeadLetter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * A record that makes a processor (or a punctuation) throw, or an internal topic's record that does not
 * deserialize, goes to fleet.dead-letters with the exception as its reason, byte for byte as its source topic holds
 * it, and the stream goes on with the next record (CONTINUE). (The source topics are read as bytes and decoded by
 * {@link DecodeProcessor}; only the repartition topics meet a deserializer.) The letter is written before the handler
 * returns, by a dedicated producer (Kafka 4.1's handlers cannot add records to the task's transaction); when it
 * cannot be written within a minute the handler answers FAIL, so the record is not passed over: the thread dies,
 * {@link ReplaceStreamThread} starts another, and the record is processed again. Configured as
 * {@code processing.exception.handler} and {@code deserialization.exception.handler} (application.properties).
 */
public final class DeadLetterExceptionHandler implements ProcessingExceptionHandler, DeserializationExceptionHandler {

    private static final Logger LOG = Logger.getLogger(DeadLetterExceptionHandler.class);
    private static final Counter FAILED = Metrics.counter("fleet_stream_processing_failures_dead_lettered");
    /** Shorter than the consumer's max.poll.interval.ms (5 min): a longer wait would cost the thread its tasks anyway. */
    private static final Duration RETRY_FOR = Duration.ofMinutes(1);

    private DeadLetterSink sink;

    public DeadLetterExceptionHandler() {
    }

    /** For tests: letters go to {@code sink}. */
    DeadLetterExceptionHandler(DeadLetterSink sink) {
        this.sink = sink;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        if (sink == null) {
            sink = new KafkaDeadLetterSink(RETRY_FOR, "failure-dead-letters", KafkaDeadLetterSink::kafkaProducer);
        }
        sink.open(new HashMap<>(configs));
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        DeadLetter letter = DeadLetterFactory.processingFailed(new SourceBytes(context.topic(), context.partition(),
                context.offset(), context.sourceRawKey(), context.sourceRawValue()), exception,
                context.processorNodeId(), context.timestamp());
        return deadLetter(letter, context, exception)
                ? ProcessingHandlerResponse.CONTINUE : ProcessingHandlerResponse.FAIL;
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                 Exception exception) {
        DeadLetter letter = DeadLetterFactory.undecodable(new SourceBytes(record.topic(), record.partition(),
                record.offset(), record.key(), record.value()), exception, "fleet-stream/" + context.processorNodeId(),
                record.timestamp());
        return deadLetter(letter, context, exception)
                ? DeserializationHandlerResponse.CONTINUE : DeserializationHandlerResponse.FAIL;
    }

    /** @return whether the letter was written; false leaves the record to be met again */
    private boolean deadLetter(DeadLetter letter, ErrorHandlerContext context, Exception exception) {
        try {
            sink.send(letter);
        } catch (DeadLetterNotWrittenException e) {
            LOG.errorf(exception, "%s failed on %s-%d@%d, and its dead letter could not be written (%s): failing the "
                    + "thread, the record is processed again", context.processorNodeId(), context.topic(),
                    context.partition(), context.offset(), e.getMessage());
            return false;
        }
        FAILED.increment();
        LOG.errorf(exception, "%s failed on %s-%d@%d: dead-lettered, going on with the next record",
                context.processorNodeId(), context.topic(), context.partition(), context.offset());
        return true;
    }
}
