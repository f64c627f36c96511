package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.config.ConfigException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fleetcompat-agent}: the top-level command of the hypervisor-agent jar. Sub-commands: {@code agent}
 * (one model-backed host), {@code simulate} (a scenario's fleet in one process) and {@code hv} (the hv console).
 * Exit codes: 0 stopped normally, 1 fatal runtime failure, 2 bad command line or configuration (one line
 * on stderr naming the key).
 */
@Command(name = "fleetcompat-agent", mixinStandardHelpOptions = true, subcommandsRepeatable = false,
        description = "fleetcompat host agent: Xen event-channel model, outbox to Kafka, policy table.")
public final class AgentMain implements Callable<Integer> {

    /** Exit code for a bad setting, as picocli uses for bad parameters. */
    public static final int EXIT_CONFIG = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine agent = new CommandLine(new AgentCommand());
        ConfigOptions.addTo(agent.getCommandSpec());
        CommandLine simulate = new CommandLine(new SimulateCommand());
        ConfigOptions.addTo(simulate.getCommandSpec());
        CommandLine root = new CommandLine(new AgentMain()).addSubcommand(agent).addSubcommand(simulate)
                .addSubcommand(new CommandLine(new HvCommand()));
        // A bad option answers in one line naming it, as a bad setting does; --help shows the usage.
        root.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("fleetcompat-agent: " + e.getMessage() + " (see "
                    + e.getCommandLine().getCommandName() + " --help)");
            return EXIT_CONFIG;
        });
        root.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String badSetting = badSettingMessage(e);
            if (badSetting == null) {
                throw e;
            }
            commandLine.getErr().println("fleetcompat-agent: " + badSetting);
            return EXIT_CONFIG;
        });
        return root;
    }

    /** Our own setting errors, or Kafka's (wrapped by the client constructors) for a passthrough setting. */
    private static String badSettingMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigException) {
                return t.getMessage();
            }
            if (t instanceof org.apache.kafka.common.config.ConfigException) {
                return "Kafka client setting (kafka.* / --kafka-property): " + t.getMessage();
            }
        }
        return null;
    }

    @Spec
    CommandSpec spec;

    /** Without a sub-command: usage on stderr, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_CONFIG;
    }
}
