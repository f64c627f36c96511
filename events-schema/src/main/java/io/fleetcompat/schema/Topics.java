package io.fleetcompat.schema;

import io.fleetcompat.schema.TopicSpec.CleanupPolicy;
import io.fleetcompat.schema.TopicSpec.Durability;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.OperatorCommand;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.RolloutState;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic catalogue: the one place that names fleetcompat's topics, their key meaning, value types and
 * creation settings (replicated 3 times with min.insync.replicas 2 on a production cluster). One writer per
 * topic (docs/architecture.md); who may read and write each is {@link ComponentAcls}. Keys are UTF-8 strings.
 */
public final class Topics {

    private static final Serde<String> UTF8_KEYS = Serdes.String();
    private static final long THIRTY_DAYS_MS = Duration.ofDays(30).toMillis();

    /** Agent events, keyed by guest id; kept forever because replaying it rebuilds all state. */
    public static final TopicSpec<String, SpecificRecord> EVENTS = new TopicSpec<>("fleet.events",
            UTF8_KEYS, AvroSerdes.forTypes(RecordTypes.FLEET_EVENTS), "guest id (instance_id)",
            12, CleanupPolicy.DELETE, TopicSpec.RETAIN_FOREVER, Durability.PRODUCTION);

    /** Host heartbeats, keyed by host id; the latest per host is kept, silent hosts age out. */
    public static final TopicSpec<String, HostStatus> HOSTS = new TopicSpec<>("fleet.hosts",
            UTF8_KEYS, AvroSerdes.forType(HostStatus.class), "host id",
            6, CleanupPolicy.COMPACT_DELETE, Duration.ofDays(7).toMillis(), Durability.PRODUCTION);

    /** Directives, keyed by {@link PolicyTargetKeys#keyOf}; compacted so an agent's start-up read stays small. */
    public static final TopicSpec<String, PolicyDirective> POLICY = new TopicSpec<>("fleet.policy",
            UTF8_KEYS, AvroSerdes.forType(PolicyDirective.class), "policy target key (PolicyTargetKeys)",
            6, CleanupPolicy.COMPACT, TopicSpec.RETAIN_FOREVER, Durability.PRODUCTION);

    /** Rollout state, keyed by rollout id; compacted to the latest state. */
    public static final TopicSpec<String, RolloutState> ROLLOUTS = new TopicSpec<>("fleet.rollouts",
            UTF8_KEYS, AvroSerdes.forType(RolloutState.class), "rollout id",
            3, CleanupPolicy.COMPACT, TopicSpec.RETAIN_FOREVER, Durability.PRODUCTION);

    /** Every control-plane decision, keyed by subject; kept forever as the audit trail. */
    public static final TopicSpec<String, AuditRecord> AUDIT = new TopicSpec<>("fleet.audit",
            UTF8_KEYS, AvroSerdes.forType(AuditRecord.class), "subject (policy key, rollout id or guest id)",
            3, CleanupPolicy.DELETE, TopicSpec.RETAIN_FOREVER, Durability.PRODUCTION);

    /** Operator commands, keyed by their target so commands on one rollout or guest stay in order. */
    public static final TopicSpec<String, OperatorCommand> COMMANDS = new TopicSpec<>("fleet.commands",
            UTF8_KEYS, AvroSerdes.forType(OperatorCommand.class), "rollout id or guest id",
            3, CleanupPolicy.DELETE, THIRTY_DAYS_MS, Durability.PRODUCTION);

    /** Records nobody could decode or process, with the reason; keyed by source topic. */
    public static final TopicSpec<String, DeadLetter> DEAD_LETTERS = new TopicSpec<>("fleet.dead-letters",
            UTF8_KEYS, AvroSerdes.forType(DeadLetter.class), "source topic",
            3, CleanupPolicy.DELETE, THIRTY_DAYS_MS, Durability.PRODUCTION);

    private static final List<TopicSpec<String, ?>> ALL =
            List.of(EVENTS, HOSTS, POLICY, ROLLOUTS, AUDIT, COMMANDS, DEAD_LETTERS);

    private Topics() {}

    /** Every topic, in data-flow order. */
    public static List<TopicSpec<String, ?>> all() {
        return ALL;
    }
}
