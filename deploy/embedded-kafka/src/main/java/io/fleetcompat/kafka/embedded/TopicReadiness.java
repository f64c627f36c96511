package io.fleetcompat.kafka.embedded;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until every partition of new topics is served by its leader, not only named in the metadata.
 *
 * <p>Why: right after CreateTopics, the metadata already names a leader while that broker has not yet
 * made itself leader of the partition, and answers produce requests with NOT_LEADER_OR_FOLLOWER. An idempotent
 * producer that retries through that window can end up with a batch the broker reports as an out-of-order
 * sequence on every retry until its delivery timeout (seen here with Kafka 4.1.1: the batch is then lost). A
 * ListOffsets answer comes from the partition's leader itself, so once every partition answers one, writers
 * can start.
 */
public final class TopicReadiness {

    private static final long CALL_TIMEOUT_MS = 3_000;

    private TopicReadiness() {
    }

    /** @throws IllegalStateException when some partition is still not served after {@code timeout} */
    public static void await(Admin admin, Collection<String> topics, Duration timeout) {
        Set<String> names = Set.copyOf(topics);
        if (names.isEmpty()) {
            return;
        }
        Wait.until("every partition of topics " + names + " served by its leader", timeout, () -> served(admin, names));
    }

    private static boolean served(Admin admin, Set<String> names) throws Exception {
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames()
                .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (TopicDescription description : descriptions.values()) {
            description.partitions().forEach(p -> partitions.put(new TopicPartition(description.name(), p.partition()),
                    OffsetSpec.latest()));
        }
        // Fails (NOT_LEADER_OR_FOLLOWER, timeout) while any leader does not serve its partition yet.
        admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs((int) CALL_TIMEOUT_MS)).all()
                .get(CALL_TIMEOUT_MS + 500, TimeUnit.MILLISECONDS);
        return true;
    }
}
