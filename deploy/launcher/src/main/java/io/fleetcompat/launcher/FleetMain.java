package io.fleetcompat.launcher;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Entry point of {@code ./fleet}. Bad arguments print the usage on stderr and exit 2; a
 * {@link LauncherException} prints its one-line message and exits with its code; nothing the user can
 * cause ends in a stack trace.
 */
public final class FleetMain {

    /** Repository root; the ./fleet script sets it, so component paths resolve from any working dir. */
    static final String HOME_PROPERTY = "fleet.home";
    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    private FleetMain() {
    }

    public static void main(String[] args) {
        // Before any logger exists: the Kafka clients' INFO lines would bury the status lines.
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(LOG_LEVEL_PROPERTY, "warn");
        }
        System.exit(run(args, Path.of(System.getProperty(HOME_PROPERTY, ".")).toAbsolutePath().normalize(),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Parses and runs; returns the exit code instead of exiting, for tests. */
    static int run(String[] args, Path home, PrintWriter out, PrintWriter err) {
        return commandLine(home, out, err).execute(args);
    }

    static CommandLine commandLine(Path home, PrintWriter out, PrintWriter err) {
        LauncherContext context = new LauncherContext(home, out, err);
        CommandLine root = new CommandLine(new FleetCommand(), new ContextFactory(context));
        // A component's own options are unknown here: everything from the first one on goes to the component.
        root.getSubcommands().values().stream()
                .filter(sub -> sub.getCommand() instanceof ComponentCommand)
                .forEach(sub -> sub.setStopAtUnmatched(true));
        root.setOut(out);
        root.setErr(err);
        root.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("fleet: " + e.getMessage());
            failed.usage(failed.getErr());
            return ExitCodes.USAGE;
        });
        root.setExecutionExceptionHandler((e, failed, parseResult) -> {
            if (e instanceof LauncherException launcher) {
                failed.getErr().println("fleet: " + launcher.getMessage());
                return launcher.exitCode();
            }
            // Not the user's doing; still one line, the run dir's logs have the details.
            failed.getErr().println("fleet: unexpected failure: " + e);
            return ExitCodes.FAILED;
        });
        return root;
    }

    /** Lets picocli build the sub-commands with the shared context (home dir, output streams). */
    private record ContextFactory(LauncherContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(LauncherContext.class).newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
