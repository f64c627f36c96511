package io.fleetcompat.agent.kafka;

import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DeadLetter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes dead letters to fleet.dead-letters, keyed by source topic, and waits for Kafka's acknowledgement:
 * the caller moves past the bad record only once its report is stored. Dead letters carry no host sequence,
 * so they bypass the outbox.
 */
public final class DeadLetterWriter {

    private final Producer<String, byte[]> producer;
    private final SingleObjectCodec codec = SingleObjectCodec.standard();

    public DeadLetterWriter(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** @throws DeadLetterNotStoredException if any of them is not acknowledged within {@code timeout} */
    public void writeAll(List<DeadLetter> deadLetters, Duration timeout) {
        List<Future<RecordMetadata>> sends = deadLetters.stream()
                .map(letter -> producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), letter.getSourceTopic(),
                        codec.encode(letter))))
                .toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeadLetterNotStoredException("interrupted", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new DeadLetterNotStoredException(e.getCause() == null ? e.toString() : e.getCause().toString(), e);
            }
        }
    }

    /** A dead letter Kafka did not acknowledge; the bad record must be processed (and reported) again. */
    public static final class DeadLetterNotStoredException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeadLetterNotStoredException(String message, Throwable cause) {
            super("dead letter not stored: " + message, cause);
        }
    }
}
