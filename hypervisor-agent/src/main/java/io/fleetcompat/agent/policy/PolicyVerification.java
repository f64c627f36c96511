package io.fleetcompat.agent.policy;

import io.fleetcompat.schema.signing.SignatureCheck;
import io.fleetcompat.schema.signing.TrustedPolicyKeys;
import io.fleetcompat.schema.avro.AckRejectReason;
import java.util.Objects;
import java.util.Optional;

/**
 * How the agent checks a fleet.policy record before it may enter the table, from Kafka or from the stored table:
 * REQUIRED (the default) accepts only a directive signed by a trusted key for the key it is read under; OFF, for
 * tests and offline runs, accepts any directive. In both a tombstone is refused: fleet-stream never writes one (a
 * lift is a signed directive with the controls UNSET), so a tombstone never removes a directive.
 */
public final class PolicyVerification {

    private static final SignatureCheck.Refused TOMBSTONE = new SignatureCheck.Refused(AckRejectReason.UNSIGNED,
            "a tombstone carries no signature and never removes a directive; lifts are signed directives with the "
                    + "controls UNSET");

    private final TrustedPolicyKeys keys;

    private PolicyVerification(TrustedPolicyKeys keys) {
        this.keys = keys;
    }

    /** @throws IllegalArgumentException when no key is trusted: nothing would ever verify */
    public static PolicyVerification required(TrustedPolicyKeys keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no trusted policy key");
        }
        return new PolicyVerification(keys);
    }

    public static PolicyVerification off() {
        return new PolicyVerification(null);
    }

    public boolean isRequired() {
        return keys != null;
    }

    /**
     * Why the record read under {@code key} must not be applied nor stored; empty when it may go on to the table's
     * own checks (version, key and target).
     *
     * @param value the record's bytes as read, a decodable PolicyDirective, or null for a tombstone
     */
    public Optional<SignatureCheck.Refused> refusal(String key, byte[] value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            return Optional.of(TOMBSTONE);
        }
        if (keys == null) {
            return Optional.empty();
        }
        try {
            return keys.check(key, value) instanceof SignatureCheck.Refused refused ? Optional.of(refused)
                    : Optional.empty();
        } catch (RuntimeException e) {
            // The caller decoded these bytes already; whatever else fails here, nothing unverified gets in.
            return Optional.of(new SignatureCheck.Refused(AckRejectReason.BAD_SIGNATURE, "cannot be checked: " + e));
        }
    }

    @Override
    public String toString() {
        return keys == null ? "OFF" : "REQUIRED, trusting " + keys.keyIds();
    }
}
