package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.RolloutState;
import io.fleetcompat.rules.detect.FamilySignal;

/** What a processor emits; {@link OutputRouting} sends each kind to its topic. Never serialized itself. */
public sealed interface Output {

    record Directive(PolicyDirective value) implements Output {
    }

    record Audit(AuditRecord value) implements Output {
    }

    record Dead(DeadLetter value) implements Output {
    }

    record Signal(FamilySignal value) implements Output {
    }

    record Rollout(RolloutState value) implements Output {
    }
}
