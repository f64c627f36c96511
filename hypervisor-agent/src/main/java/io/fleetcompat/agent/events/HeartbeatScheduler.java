package io.fleetcompat.agent.events;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each registered host's HostStatus heartbeat through its emitter (and so through the outbox, with a
 * sequence number like every event): once at registration, then every interval. One timer thread for all hosts.
 */
public final class HeartbeatScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatScheduler.class);

    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public HeartbeatScheduler(Duration interval) {
        this.interval = interval;
    }

    public void register(HostEventEmitter emitter) {
        timer.scheduleAtFixedRate(() -> beat(emitter), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void beat(HostEventEmitter emitter) {
        try {
            EmitResult result = emitter.heartbeat();
            if (result instanceof EmitResult.Refused refused) {
                LOG.warn("Heartbeat of {} not queued: {}", emitter.host().hostId(), refused.rejection().reason());
            }
        } catch (RuntimeException e) {
            // A thrown exception would cancel the periodic task: log and keep beating.
            LOG.error("Heartbeat of {} failed", emitter.host().hostId(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
