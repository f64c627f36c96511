package io.fleetcompat.agent.policy;

import io.fleetcompat.agent.events.Values.Controls;
import io.fleetcompat.agent.events.Values.PolicyRef;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import java.util.Objects;

/**
 * The directive that applies to a create / restore / resume, and how it was found.
 *
 * @param key the directive's key on fleet.policy
 */
public record MatchedDirective(String key, PolicyDirective directive, Via via) {

    /** Whether the guest's own directive or its family's matched. */
    public enum Via { INSTANCE, FAMILY }

    public MatchedDirective {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(directive, "directive");
        Objects.requireNonNull(via, "via");
    }

    /** OBSERVE: decided, not to be applied; ADVISE: report what would be done; ENFORCE: apply. */
    public PolicyMode mode() {
        return directive.getMode();
    }

    public long version() {
        return directive.getVersion();
    }

    public Controls controls() {
        return new Controls(directive.getControls().getEvtchnFifo(), directive.getControls().getEvtchnUpcall());
    }

    /** For DomainCreated.policy_key / policy_version: which policy decided the flags. */
    public PolicyRef ref() {
        return new PolicyRef(key, version());
    }
}
