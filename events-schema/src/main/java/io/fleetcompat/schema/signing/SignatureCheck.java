package io.fleetcompat.schema.signing;

import io.fleetcompat.schema.avro.AckRejectReason;
import java.util.Objects;
import java.util.Set;

/** The outcome of checking a fleet.policy record's signature against the trusted keys. */
public sealed interface SignatureCheck {

    /** Signed by {@code keyId}, one of the trusted keys, over exactly this record and key. */
    record Verified(String keyId) implements SignatureCheck {
        public Verified {
            Objects.requireNonNull(keyId, "keyId");
        }
    }

    /**
     * Not to be applied nor stored.
     *
     * @param reason UNSIGNED, UNKNOWN_SIGNING_KEY or BAD_SIGNATURE: what the agent's PolicyAck says
     * @param detail one sentence for the ack and the dead letter
     */
    record Refused(AckRejectReason reason, String detail) implements SignatureCheck {
        private static final Set<AckRejectReason> REASONS = Set.of(AckRejectReason.UNSIGNED,
                AckRejectReason.UNKNOWN_SIGNING_KEY, AckRejectReason.BAD_SIGNATURE);

        public Refused {
            if (!REASONS.contains(reason)) {
                throw new IllegalArgumentException("not a signature reason: " + reason);
            }
            Objects.requireNonNull(detail, "detail");
        }
    }

    default boolean verified() {
        return this instanceof Verified;
    }
}
