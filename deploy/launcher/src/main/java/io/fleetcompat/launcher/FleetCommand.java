package io.fleetcompat.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fleet}: the sub-commands; without one, usage on stderr and exit 2. */
@Command(name = "fleet", mixinStandardHelpOptions = true, versionProvider = LauncherVersion.class,
        description = "Runs fleetcompat: the whole demo on an embedded Kafka broker, or one component.",
        subcommands = {DemoCommand.class, ComponentCommand.Hv.class, ComponentCommand.Agent.class,
                ComponentCommand.Simulate.class, ComponentCommand.Stream.class, ComponentCommand.Dashboard.class,
                ComponentCommand.Replay.class, TopicsCommand.class, AclsCommand.class, PolicyKeysCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 run-time failure, 2 bad arguments, 3 component not built.",
                "More: deploy/README.md"})
public final class FleetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("fleet: missing sub-command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
