package io.fleetcompat.agent.host;

import io.fleetcompat.schema.avro.CreateRefusalReason;

import java.util.OptionalInt;

/** Why a create did not happen: refused by the agent before calling Xen ({@code rc} empty) or by Xen. */
public record Refusal(CreateRefusalReason reason, OptionalInt rc, String detail) {

    static Refusal byAgent(CreateRefusalReason reason, String detail) {
        return new Refusal(reason, OptionalInt.empty(), detail);
    }
}
