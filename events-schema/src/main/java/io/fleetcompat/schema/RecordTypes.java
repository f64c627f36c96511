package io.fleetcompat.schema;

import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DomainCreateRefused;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.DomainDestroyed;
import io.fleetcompat.schema.avro.DomainMigrated;
import io.fleetcompat.schema.avro.DomainRestored;
import io.fleetcompat.schema.avro.DomainSaved;
import io.fleetcompat.schema.avro.GuestBooted;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.GuestResumeFailed;
import io.fleetcompat.schema.avro.GuestResumed;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.HypercallResult;
import io.fleetcompat.schema.avro.OperatorCommand;
import io.fleetcompat.schema.avro.PolicyAck;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.RolloutState;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The top-level ("wire") record types: the ones written to a topic on their own, each with its own
 * single-object fingerprint and its own folder in {@code avro-history/}. Nested records such as
 * {@code EventHeader} are part of every wire schema that contains them and have no history of their own.
 */
public final class RecordTypes {

    /** Package of the generated classes; Avro must trust it to decode into them. */
    public static final String GENERATED_PACKAGE = "io.fleetcompat.schema.avro";

    /** Records the agents write to {@code fleet.events}, keyed by guest id. */
    public static final List<Class<? extends SpecificRecord>> FLEET_EVENTS = List.of(
            DomainCreated.class,
            GuestBooted.class,
            GuestHibernated.class,
            GuestResumed.class,
            GuestResumeFailed.class,
            DomainSaved.class,
            DomainRestored.class,
            DomainMigrated.class,
            DomainDestroyed.class,
            DomainCreateRefused.class,
            HypercallResult.class,
            PolicyAck.class);

    /** Records that each have a topic of their own. */
    public static final List<Class<? extends SpecificRecord>> SINGLE_TYPE_TOPICS = List.of(
            HostStatus.class,
            PolicyDirective.class,
            RolloutState.class,
            AuditRecord.class,
            OperatorCommand.class,
            DeadLetter.class);

    /** Every wire record type. */
    public static final List<Class<? extends SpecificRecord>> ALL =
            Stream.concat(FLEET_EVENTS.stream(), SINGLE_TYPE_TOPICS.stream()).toList();

    private RecordTypes() {}

    /** The current (reader) schema of a generated class. */
    public static Schema schemaOf(Class<? extends SpecificRecord> type) {
        return SpecificData.get().getSchema(type);
    }
}
