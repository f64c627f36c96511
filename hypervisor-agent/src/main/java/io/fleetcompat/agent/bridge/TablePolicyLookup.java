package io.fleetcompat.agent.bridge;

import io.fleetcompat.agent.host.AppliedPolicy;
import io.fleetcompat.agent.host.Controls;
import io.fleetcompat.agent.host.CreateContext;
import io.fleetcompat.agent.host.PolicyLookup;
import io.fleetcompat.agent.policy.MatchedDirective;
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
    public Optional<AppliedPolicy> find(CreateContext create) {
        io.fleetcompat.agent.policy.PolicyLookup.Candidates found = table.candidatesFor(create.instanceId(),
                create.kernelFamily(), create.hostId(), WireIdentities.toWire(create.profile()));
        return AppliedPolicy.resolve(found.instance().flatMap(TablePolicyLookup::applied),
                found.family().flatMap(TablePolicyLookup::applied), create);
    }

    /** ADVISE and ENFORCE directives as the toolstack takes them; OBSERVE never reaches a domain. */
    private static Optional<AppliedPolicy> applied(MatchedDirective match) {
        if (match.mode() != PolicyMode.ADVISE && match.mode() != PolicyMode.ENFORCE) {
            return Optional.empty();
        }
        return Optional.of(new AppliedPolicy(match.key(), match.version(), match.mode(),
                new Controls(match.controls().fifo(), match.controls().upcall()), match.directive().getScope(),
                match.directive().getImageId()));
    }
}
