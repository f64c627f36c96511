package io.fleetcompat.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.sim.ScenarioFiles;
import org.junit.jupiter.api.Test;

class BuiltInScenariosTest {

    @Test
    void shouldOfferExactlyTheAgentsBuiltInScenarios() {
        assertThat(DemoOptions.BUILT_IN_SCENARIOS).containsExactlyInAnyOrderElementsOf(ScenarioFiles.BUILT_IN.keySet());
    }
}
