package io.fleetcompat.agent.bridge;

import io.fleetcompat.agent.host.AppliedPolicy;
import io.fleetcompat.agent.host.Controls;
import io.fleetcompat.agent.host.PolicyLookup;
import io.fleetcompat.agent.policy.MatchedDirective;
import io.fleetcompat.agent.xen.XenProfile;
import io.fleetcompat.schema.avro.PolicyMode;
import java.util.Optional;

/**
 * The agent's policy table (fed by fleet.policy) as the toolstack's {@link PolicyLookup}. OBSERVE directives are
 * decided and audited by the control plane but are not enforceable: they never reach a domain, so they are
 * dropped here and the create goes ahead under defaults, as if there were no directive. ADVISE and ENFORCE
 * pass, with their key, version and controls.
 */
public final class TablePolicyLookup implements PolicyLookup {

    private final io.fleetcompat.agent.policy.PolicyLookup table;

    public TablePolicyLookup(io.fleetcompat.agent.policy.PolicyLookup table) {
        this.table = table;
    }

    @Override
    public Optional<AppliedPolicy> find(String instanceId, String kernelFamily, String hostId, XenProfile profile) {
        return table.directiveFor(instanceId, kernelFamily, hostId, WireIdentities.toWire(profile))
                .filter(match -> match.mode() == PolicyMode.ADVISE || match.mode() == PolicyMode.ENFORCE)
                .map(TablePolicyLookup::applied);
    }

    private static AppliedPolicy applied(MatchedDirective match) {
        return new AppliedPolicy(match.key(), match.version(), match.mode(),
                new Controls(match.controls().fifo(), match.controls().upcall()));
    }
}
