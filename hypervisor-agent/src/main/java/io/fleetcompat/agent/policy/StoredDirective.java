package io.fleetcompat.agent.policy;

import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.PolicyDirective;
import java.util.Objects;

/**
 * A directive in the table with the bytes it arrived as: those carry its signature (over its writer's encoding,
 * which re-encoding with this agent's schema could change), so the stored table is verified again when loaded.
 */
public record StoredDirective(PolicyDirective directive, byte[] value) {

    public StoredDirective {
        directive = PolicyDirective.newBuilder(Objects.requireNonNull(directive, "directive")).build();
        value = value.clone();
    }

    /** A directive built in this process (tests, tools), stored as this agent encodes it. */
    public static StoredDirective of(PolicyDirective directive) {
        return new StoredDirective(directive, SingleObjectCodec.standard().encode(directive));
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** A copy of the directive: Avro records are mutable, and the table's must not change behind its back. */
    public PolicyDirective copy() {
        return PolicyDirective.newBuilder(directive).build();
    }
}
