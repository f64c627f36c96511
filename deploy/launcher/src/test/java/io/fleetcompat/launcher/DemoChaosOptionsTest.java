package io.fleetcompat.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.launcher.demo.DemoOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --chaos} runs three embedded brokers unless told otherwise; a quiet demo keeps one. */
class DemoChaosOptionsTest {

    private static DemoOptions parse(String... args) {
        PrintWriter quiet = new PrintWriter(new StringWriter());
        DemoCommand command = new DemoCommand(new LauncherContext(Path.of("."), quiet, quiet));
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    @Test
    void shouldRunThreeBrokersUnderChaosAndOneOtherwise() {
        assertThat(parse("--chaos").chaos()).isTrue();
        assertThat(parse("--chaos").brokers()).isEqualTo(3);
        assertThat(parse("--chaos", "--brokers", "1").brokers()).isEqualTo(1);
        assertThat(parse().brokers()).isEqualTo(1);
        assertThat(parse().chaos()).isFalse();
        assertThat(parse("--chaos", "--bootstrap-servers", "k:9092").brokers()).isEqualTo(1);
    }
}
