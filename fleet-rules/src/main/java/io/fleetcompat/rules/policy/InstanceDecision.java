package io.fleetcompat.rules.policy;

import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.rules.guest.InstancePolicy;

/**
 * A new version of a guest's directive: the policy to remember in the guest state, the directive (sent to
 * agents unless its mode is OBSERVE) and its audit record.
 */
public record InstanceDecision(InstancePolicy policy, PolicyDirective directive, AuditRecord audit) {

    public boolean sendToAgents() {
        return directive.getMode() != PolicyMode.OBSERVE;
    }
}
