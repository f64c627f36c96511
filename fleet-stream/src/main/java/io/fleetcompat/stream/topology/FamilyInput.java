package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.rollout.RolloutCommand;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.fleetcompat.rules.detect.FamilySignal;

/** What reaches the family processor through the {@code family-inputs} repartition topic. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FamilyInput.Signal.class, name = "signal"),
        @JsonSubTypes.Type(value = FamilyInput.Command.class, name = "command")})
public sealed interface FamilyInput {

    record Signal(FamilySignal signal) implements FamilyInput {
    }

    record Command(RolloutCommand command) implements FamilyInput {
    }
}
