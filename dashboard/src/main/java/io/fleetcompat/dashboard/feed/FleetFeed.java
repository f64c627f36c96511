package io.fleetcompat.dashboard.feed;

import io.fleetcompat.dashboard.DashboardConfig;
import io.fleetcompat.dashboard.fold.FleetViews;
import io.fleetcompat.dashboard.kafka.KafkaClientSettings;
import io.fleetcompat.schema.ComponentAcls;
import io.fleetcompat.schema.TopicSpec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads every fleet topic on one thread and folds it into the views. Each dashboard instance uses its own
 * consumer group and commits nothing, so every instance sees the whole fleet and rebuilds its views from
 * the topics on start.
 */
@ApplicationScoped
public class FleetFeed {

    private static final Logger LOG = Logger.getLogger(FleetFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final FleetViews views;
    private final DashboardConfig config;
    private final KafkaClientSettings kafka;
    private final AtomicLong recordsRead = new AtomicLong();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    public FleetFeed(FleetViews views, DashboardConfig config, KafkaClientSettings kafka) {
        this.views = views;
        this.config = config;
        this.kafka = kafka;
    }

    void start(@Observes StartupEvent event) {
        consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(FeedRouter.TOPICS.stream().map(TopicSpec::name).toList());
        running = true;
        thread = new Thread(this::run, "dashboard-feed");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Dashboard feed reading %d topics from %s", FeedRouter.TOPICS.size(), kafka.bootstrapServers());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }

    /** Records read since start, for the readiness check. */
    public long recordsRead() {
        return recordsRead.get();
    }

    public boolean running() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    private void run() {
        FeedRouter router = new FeedRouter(views);
        try (KafkaConsumer<String, byte[]> c = consumer) {
            while (running) {
                pollOnce(c, router);
            }
        } catch (WakeupException | InterruptException e) {
            // shutting down
        }
    }

    private void pollOnce(KafkaConsumer<String, byte[]> c, FeedRouter router) {
        try {
            for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                router.route(record);
                recordsRead.incrementAndGet();
            }
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (RuntimeException e) {
            // The client retries broker trouble itself; anything it throws is logged and polling goes on.
            LOG.warnf(e, "Dashboard feed poll failed; retrying");
            sleepQuietly();
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Properties consumerProperties() {
        Properties p = kafka.forClient();
        // The prefix is what the dashboard principal's ACLs allow (events-schema's ComponentAcls).
        p.put(ConsumerConfig.GROUP_ID_CONFIG, ComponentAcls.DASHBOARD_GROUP_PREFIX + UUID.randomUUID());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "fleetcompat-dashboard");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.dashboard().feedStart());
        // Topics created after the dashboard started are picked up within this interval.
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000");
        return p;
    }
}
