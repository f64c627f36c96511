package io.fleetcompat.stream.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.rules.detect.FamilySignals;
import io.fleetcompat.rules.rollout.FamilyState;
import io.fleetcompat.rules.rollout.WaveProgress;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.stream.support.FleetDriver;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayConfigTest {

    private static final String FAMILY_KEY = FamilySignals.familyKey(Events.FAMILY, XenProfile.PROPOSED);

    @TempDir
    Path dir;

    @Test
    void shouldRebuildADemoRolloutUnderTheDemoSettingsGivenAsAFile() throws IOException {
        // The demo's settings (deploy/launcher components.properties), with a threshold two hazards reach.
        Path demo = Files.writeString(dir.resolve("demo.properties"), """
                fleet-stream.rollout.auto-approve=true
                fleet-stream.rollout.wave-fractions=0.1,0.25,0.5,1.0
                fleet-stream.family.escalation-threshold=2
                """);
        ReplayArgs args = ReplayArgs.parse(new String[] {"--bootstrap-servers", "h:9092", "--application-id", "r-1",
                "--config", demo.toString()});

        try (FleetDriver fleet = new FleetDriver(Replay.topology(ReplayConfig.load(args.config())))
                .withHostsAnnounced()) {
            fleet.bornOnLegacyAndHibernated("hazard-1", 1);
            fleet.bornOnLegacyAndHibernated("hazard-2", 2);

            FamilyState family = fleet.family(FAMILY_KEY);
            assertThat(family.rollout().phase()).isEqualTo(RolloutPhase.RUNNING);
            assertThat(family.rollout().waves()).extracting(WaveProgress::hostFraction)
                    .containsExactly(0.1, 0.25, 0.5, 1.0);
        }
    }

    @Test
    void shouldReadTheSystemPropertiesTheLiveAppReadsOverTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("live.properties"), "fleet-stream.rollout.required-creates=7\n");
        System.setProperty("fleet-stream.rollout.required-creates", "3");
        try {
            assertThat(ReplayConfig.load(file).requiredCreates()).isEqualTo(3);
        } finally {
            System.clearProperty("fleet-stream.rollout.required-creates");
        }
        assertThat(ReplayConfig.load(file).requiredCreates()).isEqualTo(7);
    }

    @Test
    void shouldRefuseAMisspeltKeyRatherThanReplayUnderTheDefault() throws IOException {
        Path file = Files.writeString(dir.resolve("typo.properties"), "fleet-stream.rollout.auto-aprove=true\n");

        assertThatThrownBy(() -> ReplayConfig.load(file)).hasMessageContaining("auto-aprove");
    }

    @Test
    void shouldKeepTheLiveDefaultsWithoutAnySetting() {
        assertThat(ReplayConfig.load(null)).isEqualTo(FleetStreamConfig.defaults());
    }
}
