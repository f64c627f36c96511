package io.fleetcompat.agent.policy;

import io.fleetcompat.agent.events.PolicyAckStep;

/** Where the policy consumer hands the ack of each fleet.policy record it refused for its signature. */
@FunctionalInterface
public interface RefusalListener {

    /** Called once per refused record, after its dead letter is stored. */
    void refused(PolicyAckStep ack);
}
