package io.fleetcompat.schema;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka ACLs each component's principal needs, and nothing more: the access side of {@link Topics}. Every
 * writer is an idempotent producer, which needs WRITE on a topic and no cluster right (KIP-679). A right to READ,
 * WRITE or DELETE a resource implies DESCRIBE on it.
 *
 * <ul>
 * <li>agent: writes fleet.events, fleet.hosts, fleet.dead-letters; reads fleet.policy by assigning its partitions
 *     itself (no consumer group, no offsets committed);</li>
 * <li>fleet-stream: reads fleet.events, fleet.hosts, fleet.commands; writes fleet.policy, fleet.audit,
 *     fleet.rollouts, fleet.dead-letters; owns the topics, consumer group and transactional ids whose names start
 *     with its application id (changelogs, repartition topics, exactly-once producers);</li>
 * <li>dashboard: reads every fleet topic in its own consumer group per instance
 *     ({@value #DASHBOARD_GROUP_PREFIX}&lt;random&gt;), writes fleet.commands only: the one principal whose
 *     operator commands fleet-stream will see.</li>
 * </ul>
 */
public final class ComponentAcls {

    /** fleet-stream's {@code quarkus.kafka-streams.application-id} unless configured otherwise. */
    public static final String DEFAULT_STREAM_APPLICATION_ID = "fleet-stream";
    /** The dashboard's consumer groups start with this; each instance adds a random suffix. */
    public static final String DASHBOARD_GROUP_PREFIX = "fleetcompat-dashboard-";

    private ComponentAcls() {
    }

    /** @param principal e.g. {@code User:agent} */
    public static List<AclBinding> agent(String principal) {
        List<AclBinding> acls = new ArrayList<>();
        for (TopicSpec<String, ?> topic : List.of(Topics.EVENTS, Topics.HOSTS, Topics.DEAD_LETTERS)) {
            acls.add(topic(principal, topic, AclOperation.WRITE));
        }
        acls.add(topic(principal, Topics.POLICY, AclOperation.READ));
        return List.copyOf(acls);
    }

    /**
     * @param applicationId fleet-stream's application id: its internal topics, consumer group and transactional ids
     *     all start with it (so does a replay's application id that begins with it)
     */
    public static List<AclBinding> stream(String principal, String applicationId) {
        List<AclBinding> acls = new ArrayList<>();
        for (TopicSpec<String, ?> topic : List.of(Topics.EVENTS, Topics.HOSTS, Topics.COMMANDS)) {
            acls.add(topic(principal, topic, AclOperation.READ));
        }
        for (TopicSpec<String, ?> topic : List.of(Topics.POLICY, Topics.AUDIT, Topics.ROLLOUTS, Topics.DEAD_LETTERS)) {
            acls.add(topic(principal, topic, AclOperation.WRITE));
        }
        // Kafka Streams creates, reads, writes, purges (repartition topics) and checks the configs of its own topics.
        for (AclOperation operation : List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE,
                AclOperation.DELETE, AclOperation.DESCRIBE_CONFIGS)) {
            acls.add(allow(principal, new ResourcePattern(ResourceType.TOPIC, applicationId, PatternType.PREFIXED),
                    operation));
        }
        acls.add(allow(principal, new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.PREFIXED),
                AclOperation.READ));
        acls.add(allow(principal, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, applicationId,
                PatternType.PREFIXED), AclOperation.WRITE));
        return List.copyOf(acls);
    }

    public static List<AclBinding> dashboard(String principal) {
        List<AclBinding> acls = new ArrayList<>();
        for (TopicSpec<String, ?> topic : Topics.all()) {
            acls.add(topic(principal, topic, AclOperation.READ));
        }
        acls.add(topic(principal, Topics.COMMANDS, AclOperation.WRITE));
        acls.add(allow(principal, new ResourcePattern(ResourceType.GROUP, DASHBOARD_GROUP_PREFIX, PatternType.PREFIXED),
                AclOperation.READ));
        return List.copyOf(acls);
    }

    private static AclBinding topic(String principal, TopicSpec<String, ?> topic, AclOperation operation) {
        return allow(principal, new ResourcePattern(ResourceType.TOPIC, topic.name(), PatternType.LITERAL), operation);
    }

    private static AclBinding allow(String principal, ResourcePattern resource, AclOperation operation) {
        return new AclBinding(resource, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
