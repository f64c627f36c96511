package io.fleetcompat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.sim.Scenario;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** simulate --hosts N --guests-per-host M: the scenario they describe (bad values: SimulateCommandTest). */
class SimulateResizeOptionsTest {

    private static Scenario scenarioOf(String... args) {
        CommandLine commandLine = new CommandLine(new SimulateCommand());
        commandLine.parseArgs(args);
        return commandLine.<SimulateCommand>getCommand().scenario();
    }

    @Test
    void shouldResizeTheDefaultScenarioToTheHostsAndGuestsAsked() {
        Scenario s = scenarioOf("--hosts", "10000", "--guests-per-host", "20");

        assertThat(s.hostCount()).isEqualTo(10_000);
        assertThat(s.guestCount()).isEqualTo(200_000);
        assertThat(s.name()).isEqualTo("demo-10000x20");
    }

    @Test
    void shouldResizeANamedScenarioAndStillApplyTheControlGroupOption() {
        Scenario s = scenarioOf("--scenario", "story", "--hosts", "160", "--control-group-fraction", "0.5");

        assertThat(s.hostCount()).isEqualTo(160);
        assertThat(s.guestCount()).isEqualTo(3_000);
        assertThat(s.controlGroupFraction()).isEqualTo(0.5);
    }

    @Test
    void shouldLeaveTheScenarioAsItIsWithoutTheOptions() {
        assertThat(scenarioOf("--scenario", "small").hostCount()).isEqualTo(8);
    }
}
