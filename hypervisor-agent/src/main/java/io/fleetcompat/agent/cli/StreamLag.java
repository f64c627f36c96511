package io.fleetcompat.agent.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;

/**
 * How far fleet-stream lags behind what the simulator writes: the committed offsets of its application id (its
 * consumer group) on fleet.events against the topic's end offsets, summed over partitions (a partition with no
 * commit counts from its start). Read by an admin client on a timer of its own, so the simulator's progress
 * line only ever shows the latest reading and never waits for Kafka.
 */
final class StreamLag implements AutoCloseable {

    /** One reading of the group's lag. */
    sealed interface Reading permits Lag, NoGroup, Unavailable {
    }

    /** Records on the topic the group has not committed past. */
    record Lag(long records) implements Reading {
    }

    /** Kafka knows no group of that id (fleet-stream never ran against this cluster, or under another id). */
    record NoGroup(String groupId) implements Reading {
    }

    /** The reading failed (broker unreachable, timeout, no access); the reason is one line. */
    record Unavailable(String reason) implements Reading {
    }

    private final Admin admin;
    private final String groupId;
    private final String topic;
    private final Duration timeout;
    private final LongSupplier recordsWritten;
    private final ScheduledExecutorService timer;
    private volatile String latest = "";
    private OptionalLong previousLag = OptionalLong.empty();
    private long writtenAtPrevious;

    private StreamLag(Admin admin, String groupId, String topic, Duration interval, LongSupplier recordsWritten) {
        this.admin = admin;
        this.groupId = groupId;
        this.topic = topic;
        this.timeout = interval;
        this.recordsWritten = recordsWritten;
        this.writtenAtPrevious = recordsWritten.getAsLong();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulate-stream-lag");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Reads the lag every {@code interval} from now on.
     *
     * @param recordsWritten the records the simulator has written so far, to judge a lag against
     */
    static StreamLag watch(String bootstrapServers, Map<String, String> kafkaProperties, String groupId, String topic,
                           Duration interval, LongSupplier recordsWritten) {
        StreamLag lag = unscheduled(bootstrapServers, kafkaProperties, groupId, topic, interval, recordsWritten);
        lag.timer.scheduleWithFixedDelay(lag::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return lag;
    }

    /** One that reads only when {@link #refresh} is called (tests). */
    static StreamLag unscheduled(String bootstrapServers, Map<String, String> kafkaProperties, String groupId,
                                 String topic, Duration interval, LongSupplier recordsWritten) {
        return new StreamLag(Admin.create(adminProperties(bootstrapServers, kafkaProperties)), groupId, topic, interval,
                recordsWritten);
    }

    /** The latest reading as the progress line shows it; empty before the first one. */
    String latest() {
        return latest;
    }

    /** Reads the lag once and keeps its description for {@link #latest}. */
    void refresh() {
        long written = recordsWritten.getAsLong();
        Reading now = read(admin, groupId, topic, timeout);
        latest = describe(now, previousLag, written - writtenAtPrevious);
        previousLag = now instanceof Lag l ? OptionalLong.of(l.records()) : OptionalLong.empty();
        writtenAtPrevious = written;
    }

    /** The group's lag on {@code topic} now. */
    static Reading read(Admin admin, String groupId, String topic, Duration timeout) {
        try {
            Optional<GroupListing> group = admin.listGroups().all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .stream().filter(g -> g.groupId().equals(groupId)).findFirst();
            if (group.isEmpty()) {
                return new NoGroup(groupId);
            }
            Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group.get(), timeout);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                earliest.put(new TopicPartition(topic, p), OffsetSpec.earliest());
            }
            var ends = admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            var starts = admin.listOffsets(earliest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long lag = 0;
            for (TopicPartition tp : latest.keySet()) {
                OffsetAndMetadata commit = committed.get(tp);
                long from = commit != null ? commit.offset() : starts.get(tp).offset();
                lag += Math.max(0, ends.get(tp).offset() - from);
            }
            return new Lag(lag);
        } catch (ExecutionException e) {
            return new Unavailable(String.valueOf(e.getCause().getMessage()));
        } catch (TimeoutException e) {
            return new Unavailable("no answer from Kafka within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted");
        }
    }

    /** A Kafka Streams application's group is a classic consumer group, or a streams group (KIP-1071). */
    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, GroupListing group, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> offsets = group.type().orElse(GroupType.CLASSIC) == GroupType.STREAMS
                ? admin.listStreamsGroupOffsets(Map.of(group.groupId(), new ListStreamsGroupOffsetsSpec()))
                        .partitionsToOffsetAndMetadata(group.groupId()).get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                : admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        // A partition the group knows without a commit comes back with a null value.
        Map<TopicPartition, OffsetAndMetadata> known = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (offset != null) {
                known.put(tp, offset);
            }
        });
        return known;
    }

    /**
     * The progress line's words for {@code now}: the lag, and whether fleet-stream keeps up. It keeps up while
     * its lag does not grow from one reading to the next, or stays within what the simulator wrote since the
     * previous reading (one interval's worth: what any consumer polling once per interval would show).
     */
    static String describe(Reading now, OptionalLong previousLag, long writtenSincePrevious) {
        if (now instanceof NoGroup n) {
            return "stream lag: no group " + n.groupId() + " on the cluster (is fleet-stream running?)";
        }
        if (now instanceof Unavailable u) {
            return "stream lag unknown (" + u.reason() + ")";
        }
        long lag = ((Lag) now).records();
        boolean shrinking = previousLag.isPresent() && lag <= previousLag.getAsLong();
        boolean withinAnInterval = lag <= Math.max(0, writtenSincePrevious);
        return "stream lag " + lag + (shrinking || withinAnInterval ? " (keeping up)" : " (falling behind)");
    }

    private static Map<String, Object> adminProperties(String bootstrapServers, Map<String, String> kafkaProperties) {
        Map<String, Object> props = new HashMap<>();
        // Security and timeouts from the agent's passthrough; producer- and consumer-only keys would only warn.
        kafkaProperties.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "fleetcompat-simulate-stream-lag");
        return props;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(1));
    }
}
