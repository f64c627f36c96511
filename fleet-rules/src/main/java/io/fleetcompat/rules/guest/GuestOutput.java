package io.fleetcompat.rules.guest;

import io.fleetcompat.rules.detect.FamilySignal;
import io.fleetcompat.rules.policy.InstanceDecision;
import io.fleetcompat.schema.avro.AuditRecord;

/**
 * What one step of a guest asks its caller to emit or store. The caller (fleet-stream's processors) keys each for
 * its topic or store; nothing here knows Kafka.
 */
public sealed interface GuestOutput {

    /** A new version of the guest's directive: sent to agents unless OBSERVE, and always audited. */
    record Decision(InstanceDecision decision) implements GuestOutput {
    }

    /** An audit record of a finding or of a refused command (fleet.audit, keyed by its subject). */
    record Audit(AuditRecord audit) implements GuestOutput {
    }

    /** The input is invalid: it goes to the dead letters with this reason. */
    record Rejected(String reason) implements GuestOutput {
    }

    /** A fact for the family of the guest's kernel (repartitioned by its family key). */
    record Signal(FamilySignal signal) implements GuestOutput {
    }

    /** List the guest's pending FIFO image under its kernel family, in the task's index of FIFO images. */
    record FifoImageListed(String kernelFamily, PendingFifoImage image) implements GuestOutput {
    }

    /** Unlist the guest from that kernel family's FIFO images (if listed). */
    record FifoImageUnlisted(String kernelFamily, String instanceId) implements GuestOutput {
    }

    /**
     * The guest's pin expires at {@code expiresAt} (the caller keeps the pins that expire, to call
     * {@link GuestStep#onPinExpiry} when one is due), or, null, it has no expiring pin any more.
     */
    record PinExpiry(String instanceId, Long expiresAt) implements GuestOutput {
    }
}
