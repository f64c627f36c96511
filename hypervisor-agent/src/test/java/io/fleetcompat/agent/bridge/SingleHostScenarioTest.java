package io.fleetcompat.agent.bridge;

import io.fleetcompat.agent.host.PolicyLookup;
import io.fleetcompat.agent.host.CreateContext;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.host.HostIdentity;
import io.fleetcompat.agent.sim.Pacing;
import io.fleetcompat.agent.sim.RunLimit;
import io.fleetcompat.agent.sim.Scenario;
import io.fleetcompat.agent.sim.ScenarioFiles;
import io.fleetcompat.agent.sim.Simulator;
import io.fleetcompat.agent.xen.XenProfile;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SingleHostScenarioTest {

    private static final Scenario DEMO = ScenarioFiles.resource(ScenarioFiles.DEMO);
    private static final HostIdentity AGENT = new HostIdentity("host-17", XenProfile.PROPOSED, false);

    @Test
    void shouldGiveTheAgentsHostItsShareOfTheFleetsGuestsAndRate() {
        Scenario share = SingleHostScenario.of(DEMO, AGENT);

        assertThat(share.hostCount()).isEqualTo(1);
        // demo: 3300 + 600 + 600 + 500 guests over 200 hosts, rounded up per group
        assertThat(share.guestCount()).isEqualTo(17 + 3 + 3 + 3);
        assertThat(share.guests()).allSatisfy(g -> assertThat(g.homeProfile()).isEqualTo(XenProfile.PROPOSED));
        assertThat(share.rates().opsPerSecond()).isEqualTo(2.5);
        assertThat(share.retirementWaves()).isEmpty();
    }

    @Test
    void shouldRunTheHostUnderTheAgentsIdentity() {
        Simulator simulator = Simulator.create(SingleHostScenario.of(DEMO, AGENT), 1,
                PolicyLookup.NONE, event ->
                        assertThat(event.host()).isEqualTo(AGENT));

        simulator.run(RunLimit.steps(200), Pacing.UNPACED);

        assertThat(simulator.hostIdentities()).containsExactly(AGENT);
    }

    @Test
    void shouldGiveEachHostItsOwnWorkloadSeed() {
        Set<Long> seeds = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seeds.add(SingleHostScenario.seedFor(42, "host-" + i));
        }

        assertThat(seeds).hasSize(1000);
        assertThat(SingleHostScenario.seedFor(42, "host-1")).isEqualTo(SingleHostScenario.seedFor(42, "host-1"));
    }
}
