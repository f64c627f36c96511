package io.fleetcompat.stream.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplayArgsTest {

    @Test
    void shouldParseTheReplayCommandLine() {
        ReplayArgs args = ReplayArgs.parse(new String[] {"--bootstrap-servers", "h:9092", "--application-id", "r-1",
                "--timeout", "PT30S", "--output", "state.json", "--config", "live.properties"});

        assertThat(args).isEqualTo(new ReplayArgs("h:9092", "r-1", Duration.ofSeconds(30), Path.of("state.json"),
                Path.of("live.properties")));
    }

    @Test
    void shouldNameTheOptionThatIsMissingOrUnknown() {
        assertThatThrownBy(() -> ReplayArgs.parse(new String[] {"--bootstrap-servers", "h:9092"}))
                .hasMessageContaining("--application-id");
        assertThatThrownBy(() -> ReplayArgs.parse(new String[] {"--app", "x"})).hasMessageContaining("--app");
        assertThatThrownBy(() -> ReplayArgs.parse(new String[] {"--timeout"})).hasMessageContaining("--timeout");
    }
}
