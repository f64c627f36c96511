package io.fleetcompat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The progress line's words for a lag reading. */
class StreamLagTest {

    @Test
    void shouldSayKeepingUpWhileTheLagShrinks() {
        assertThat(StreamLag.describe(new StreamLag.Lag(5_000), OptionalLong.of(9_000), 0))
                .isEqualTo("stream lag 5000 (keeping up)");
    }

    @Test
    void shouldSayKeepingUpWithinWhatTheSimulatorWroteSinceTheLastReading() {
        assertThat(StreamLag.describe(new StreamLag.Lag(1_234), OptionalLong.of(10), 2_500))
                .isEqualTo("stream lag 1234 (keeping up)");
        assertThat(StreamLag.describe(new StreamLag.Lag(0), OptionalLong.empty(), 0))
                .isEqualTo("stream lag 0 (keeping up)");
    }

    @Test
    void shouldSayFallingBehindWhenTheLagGrowsBeyondAnInterval() {
        assertThat(StreamLag.describe(new StreamLag.Lag(30_000), OptionalLong.of(20_000), 2_500))
                .isEqualTo("stream lag 30000 (falling behind)");
        assertThat(StreamLag.describe(new StreamLag.Lag(30_000), OptionalLong.empty(), 2_500))
                .isEqualTo("stream lag 30000 (falling behind)");
    }

    @Test
    void shouldSayWhenTheGroupDoesNotExist() {
        assertThat(StreamLag.describe(new StreamLag.NoGroup("fleet-stream"), OptionalLong.empty(), 0))
                .isEqualTo("stream lag: no group fleet-stream on the cluster (is fleet-stream running?)");
    }

    @Test
    void shouldSayWhyTheLagIsUnknown() {
        assertThat(StreamLag.describe(new StreamLag.Unavailable("no answer from Kafka within 5 s"),
                OptionalLong.of(3), 0)).isEqualTo("stream lag unknown (no answer from Kafka within 5 s)");
    }
}
