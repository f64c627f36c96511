package io.fleetcompat.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * The sub-commands that run one component in the foreground: {@code ./fleet agent ARGS} runs the agent
 * with ARGS (its own options; {@code -Dkey=value} arguments become JVM system properties). The launcher
 * parses only {@code --help} when it comes first; anything else goes to the component, so
 * {@code ./fleet agent -- --help} shows the component's own help.
 */
public abstract class ComponentCommand implements Callable<Integer> {

    static final String FOOTER = "%nEvery other argument goes to the component; -Dkey=value ones become JVM system "
            + "properties (Quarkus reads its config from them). The component's own help: ./fleet %s -- --help";

    private final LauncherContext context;
    private final Component component;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Unmatched
    List<String> componentArgs = new ArrayList<>();

    ComponentCommand(LauncherContext context, Component component) {
        this.context = context;
        this.component = component;
    }

    @Override
    public Integer call() {
        ComponentCommands commands = context.components();
        commands.requireAvailable(component);
        // "./fleet agent -- --help": the "--" only told the launcher to stop parsing.
        List<String> args = !componentArgs.isEmpty() && componentArgs.get(0).equals("--")
                ? componentArgs.subList(1, componentArgs.size()) : componentArgs;
        LaunchCommand command = commands.command(component, values(CommandValues.passthrough(args)));
        return ForegroundProcess.run(command);
    }

    /** Hook for the launcher options a sub-command adds on top of the passthrough. */
    CommandValues values(CommandValues passthrough) {
        return passthrough;
    }

    @Command(name = "hv", description = "Interactive hv console: drive the Xen event-channel model by hand.",
            footer = "%nEvery other argument goes to the hv console. Its own help: ./fleet hv -- --help")
    public static final class Hv extends ComponentCommand {
        public Hv(LauncherContext context) {
            super(context, Component.HV);
        }
    }

    @Command(name = "agent", description = "Run the agent of one host against a Kafka cluster.",
            footer = "%nEvery other argument goes to the agent, e.g. --bootstrap-servers HOST:PORT --host-id ID. "
                    + "Its own help: ./fleet agent -- --help")
    public static final class Agent extends ComponentCommand {
        public Agent(LauncherContext context) {
            super(context, Component.AGENT);
        }
    }

    @Command(name = "simulate", description = "Run a simulated fleet (many hosts in one process) against Kafka.",
            footer = "%nEvery other argument goes to the simulator, e.g. --bootstrap-servers HOST:PORT --scenario FILE. "
                    + "Its own help: ./fleet simulate -- --help")
    public static final class Simulate extends ComponentCommand {
        public Simulate(LauncherContext context) {
            super(context, Component.SIMULATE);
        }
    }

    @Command(name = "replay", description = "Rebuild fleet-stream's state by replaying fleet.events.",
            footer = "%nEvery other argument goes to the replay tool. Its own help: ./fleet replay -- --help")
    public static final class Replay extends ComponentCommand {
        public Replay(LauncherContext context) {
            super(context, Component.REPLAY);
        }
    }

    /** A Quarkus service: bootstrap servers and HTTP port as launcher options, the rest as config. */
    abstract static class QuarkusService extends ComponentCommand {

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
                description = "Kafka bootstrap servers (default: the component's own, localhost:9092).")
        String bootstrapServers;

        @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: the component's own).")
        Integer port;

        QuarkusService(LauncherContext context, Component component) {
            super(context, component);
        }

        @Override
        CommandValues values(CommandValues passthrough) {
            CommandValues values = bootstrapServers == null ? passthrough : passthrough.withBootstrap(bootstrapServers);
            return port == null ? values : values.withPort(port);
        }
    }

    @Command(name = "stream", description = "Run fleet-stream (Kafka Streams on Quarkus).",
            footer = "%nEvery other argument is passed on: -Dkey=value as Quarkus config (e.g. "
                    + "-Dkafka-streams.security.protocol=SSL), the rest to the application.")
    public static final class Stream extends QuarkusService {
        public Stream(LauncherContext context) {
            super(context, Component.STREAM);
        }
    }

    @Command(name = "dashboard", description = "Run the dashboard: your own users and session key, or "
            + "-Dquarkus.profile=demo for the demo users viewer/viewer, operator/operator.",
            footer = "%nEvery other argument is passed on: -Dkey=value as Quarkus config (e.g. "
                    + "-Dfleet.stream.url=http://host:8081), the rest to the application.")
    public static final class Dashboard extends QuarkusService {
        public Dashboard(LauncherContext context) {
            super(context, Component.DASHBOARD);
        }
    }
}
