package io.fleetcompat.agent.kafka;

import io.fleetcompat.agent.outbox.Outbox;
import io.fleetcompat.agent.outbox.OutboxCursor;
import io.fleetcompat.agent.outbox.OutboxEntry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox to Kafka in log order through the (idempotent, acks=all) producer. Each acknowledged
 * entry is reported to the outbox, whose checkpoint moves over the contiguous acknowledged prefix and is
 * committed periodically. After a retriable failure it waits for the sends in flight, backs off and resends
 * from the checkpoint (duplicates possible, gaps never); after a fatal one it stops and reports it through
 * {@link #failure()}. One thread; shared by every host of the process.
 */
public final class OutboxPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);
    // Bounds memory and the replay after a failure; the producer batches within it.
    private static final int MAX_IN_FLIGHT = 1000;
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration IDLE_WAIT = Duration.ofMillis(200);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Outbox outbox;
    private final Producer<String, byte[]> producer;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicBoolean retryNeeded = new AtomicBoolean();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    public OutboxPublisher(Outbox outbox, Producer<String, byte[]> producer) {
        this.outbox = outbox;
        this.producer = producer;
        this.thread = new Thread(this::run, "outbox-publisher");
        // The outbox, not this thread, holds what is unsent: never let it keep the JVM alive.
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The fatal failure that stopped publishing, if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(fatal.get());
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        long lastCheckpoint = System.nanoTime();
        OutboxCursor cursor = outbox.cursorAt(outbox.ackedOffset());
        try {
            while (running && fatal.get() == null) {
                if (retryNeeded.get()) {
                    cursor.close();
                    awaitInFlight();
                    sleep(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                    retryNeeded.set(false);
                    cursor = outbox.cursorAt(outbox.ackedOffset());
                    LOG.info("Resending the outbox from offset {} ({} pending)", cursor.nextOffset(), outbox.depth());
                    continue;
                }
                List<OutboxEntry> batch = cursor.read(Math.max(1, inFlight.availablePermits()));
                if (batch.isEmpty()) {
                    if (cursor.behindUnsynced()) {
                        outbox.sync();
                    } else {
                        outbox.awaitEntriesBeyond(cursor.nextOffset(), IDLE_WAIT);
                    }
                } else {
                    sendAll(batch);
                    if (!retryNeeded.get()) {
                        backoff = MIN_BACKOFF;
                    }
                }
                if (System.nanoTime() - lastCheckpoint > CHECKPOINT_INTERVAL.toNanos()) {
                    outbox.commitCheckpoint();
                    lastCheckpoint = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fatal.compareAndSet(null, e);
            LOG.error("Outbox publisher stopped", e);
        } finally {
            cursor.close();
        }
        Throwable failure = fatal.get();
        if (failure != null) {
            LOG.error("Publishing stopped on a fatal Kafka error; {} events stay in the outbox: {}", outbox.depth(),
                    failure.toString());
        }
    }

    private void sendAll(List<OutboxEntry> batch) throws InterruptedException {
        for (OutboxEntry entry : batch) {
            if (retryNeeded.get() || fatal.get() != null || !running) {
                return;
            }
            inFlight.acquire();
            try {
                producer.send(new ProducerRecord<>(entry.topic(), entry.key(), entry.value()),
                        (metadata, error) -> completed(entry, error));
            } catch (RuntimeException e) {
                completed(entry, e);
                return;
            }
        }
    }

    // Runs on the producer's I/O thread.
    private void completed(OutboxEntry entry, Exception error) {
        try {
            if (error == null) {
                outbox.acknowledge(entry);
            } else if (running && KafkaFailures.classify(error) == KafkaFailures.Kind.FATAL) {
                if (fatal.compareAndSet(null, error)) {
                    LOG.error("Fatal failure sending outbox offset {} to {}: {}", entry.offset(), entry.topic(),
                            error.toString());
                }
            } else if (!retryNeeded.getAndSet(true)) {
                LOG.warn("Kafka unavailable sending outbox offset {} to {}: {}; will resend", entry.offset(),
                        entry.topic(), error.toString());
            }
        } finally {
            inFlight.release();
        }
    }

    private void awaitInFlight() throws InterruptedException {
        inFlight.acquire(MAX_IN_FLIGHT);
        inFlight.release(MAX_IN_FLIGHT);
    }

    private void sleep(Duration duration) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }

    /**
     * Stops publishing: waits up to {@code grace} for the sends in flight, then commits the checkpoint.
     * Closing the producer is the caller's job (it may be shared).
     */
    public void stop(Duration grace) throws InterruptedException {
        running = false;
        thread.join(grace.toMillis());
        if (inFlight.tryAcquire(MAX_IN_FLIGHT, grace.toMillis(), TimeUnit.MILLISECONDS)) {
            inFlight.release(MAX_IN_FLIGHT);
        }
        outbox.commitCheckpoint();
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(5));
    }
}
