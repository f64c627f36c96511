package io.fleetcompat.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** simulate's --hosts / --guests-per-host: the scenario at another size, its proportions kept. */
class ScenarioScalingTest {

    private static final Scenario DEMO = ScenarioFiles.resource(ScenarioFiles.DEMO);
    private static final Scenario STORY = ScenarioFiles.resource(ScenarioFiles.STORY);

    @Test
    void shouldGiveEachGroupItsShareOfTenThousandHostsAndTwentyGuestsEach() {
        Scenario big = ScenarioScaling.scaled(STORY, OptionalInt.of(10_000), OptionalInt.of(20));

        assertThat(big.hostCount()).isEqualTo(10_000);
        assertThat(big.guestCount()).isEqualTo(200_000);
        // story: 40 legacy / 40 modern hosts; guests 900 / 300 / 150 / 150 of 1,500
        assertThat(big.hosts()).extracting(Scenario.HostGroup::count).containsExactly(5_000, 5_000);
        assertThat(big.guests()).extracting(Scenario.GuestGroup::count)
                .containsExactly(120_000, 40_000, 20_000, 20_000);
        assertThat(big.rates()).isEqualTo(STORY.rates());
        assertThat(big.retirementWaves()).isEqualTo(STORY.retirementWaves());
        assertThat(big.controlGroupFraction()).isEqualTo(STORY.controlGroupFraction());
        assertThat(big.seed()).isEqualTo(STORY.seed());
        assertThat(big.name()).isEqualTo("story-10000x20");
    }

    @Test
    void shouldKeepTheScenariosGuestsPerHostWhenOnlyTheHostsChange() {
        Scenario scaled = ScenarioScaling.scaled(DEMO, OptionalInt.of(1_000), OptionalInt.empty());

        assertThat(scaled.hostCount()).isEqualTo(1_000);
        assertThat(scaled.guestCount()).isEqualTo(DEMO.guestCount() * 1_000 / DEMO.hostCount());
    }

    @Test
    void shouldGiveTheScenariosOwnHostsTheGuestsAskedFor() {
        Scenario scaled = ScenarioScaling.scaled(DEMO, OptionalInt.empty(), OptionalInt.of(3));

        assertThat(scaled.hosts()).isEqualTo(DEMO.hosts());
        assertThat(scaled.guestCount()).isEqualTo(DEMO.hostCount() * 3);
    }

    @Test
    void shouldSplitTotalsExactlyByLargestRemainder() {
        assertThat(ScenarioScaling.shares(new int[] {1, 1, 1}, 10, 0)).containsExactly(4, 3, 3);
        // 4.2, 1.4, 0.7, 0.7: the two units rounding lost go to the 0.7s
        assertThat(ScenarioScaling.shares(new int[] {900, 300, 150, 150}, 7, 0)).containsExactly(4, 1, 1, 1);
        assertThat(ScenarioScaling.shares(new int[] {99, 1}, 3, 1)).containsExactly(2, 1);
        assertThat(ScenarioScaling.shares(new int[] {0, 0}, 5, 0)).containsExactly(3, 2);
    }

    @Test
    void shouldReturnTheScenarioUnchangedWithoutEitherOption() {
        assertThat(ScenarioScaling.scaled(DEMO, OptionalInt.empty(), OptionalInt.empty())).isSameAs(DEMO);
    }

    @Test
    void shouldRefuseFewerHostsThanHostGroups() {
        assertThatThrownBy(() -> ScenarioScaling.scaled(DEMO, OptionalInt.of(1), OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fewer than the 2 host groups");
    }

    @Test
    void shouldRefuseAScenarioWhoseHostsHaveIds() {
        Scenario named = new Scenario("named", 1,
                List.of(new Scenario.HostGroup("h", io.fleetcompat.agent.xen.XenProfile.PROPOSED, true, 1,
                        List.of("host-a"))),
                List.of(), DEMO.rates(), List.of(), 0, null);

        assertThatThrownBy(() -> ScenarioScaling.scaled(named, OptionalInt.of(5), OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names its hosts");
    }
}
