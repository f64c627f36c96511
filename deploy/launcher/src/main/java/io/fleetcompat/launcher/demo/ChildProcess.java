package io.fleetcompat.launcher.demo;

import io.fleetcompat.launcher.Component;
import io.fleetcompat.launcher.LaunchCommand;
import io.fleetcompat.launcher.LauncherException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** One component started by the demo, its output (stdout and stderr) appended to a log file in the run dir. */
public final class ChildProcess {

    /**
     * With setsid the child gets its own session, so the terminal's Ctrl-C reaches only the launcher,
     * which then stops the children in reverse order instead of all of them at once.
     */
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private final Component component;
    private final Path log;
    private final Process process;
    private final boolean mayFinish;

    private ChildProcess(Component component, Path log, Process process, boolean mayFinish) {
        this.component = component;
        this.log = log;
        this.process = process;
        this.mayFinish = mayFinish;
    }

    /**
     * @param mayFinish whether exiting with 0 is a normal end (a simulator that played its scenario),
     *     not a failure of the demo
     */
    public static ChildProcess start(LaunchCommand command, Path log, boolean mayFinish) {
        return start(command, log, mayFinish, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** The same component started again (after it died), its output appended to the same log. */
    public ChildProcess restart(LaunchCommand command) {
        return start(command, log, mayFinish, StandardOpenOption.APPEND);
    }

    private static ChildProcess start(LaunchCommand command, Path log, boolean mayFinish, StandardOpenOption mode) {
        List<String> argv = new ArrayList<>();
        SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(setsid -> argv.add(setsid.toString()));
        argv.addAll(command.argv());
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "# " + String.join(" ", command.argv()) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
            Process process = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            return new ChildProcess(command.component(), log, process, mayFinish);
        } catch (IOException e) {
            throw LauncherException.failed("cannot start " + command.component().key() + ": " + e.getMessage());
        }
    }

    public Component component() {
        return component;
    }

    public Path log() {
        return log;
    }

    /** Its name in status lines: the log's file name without ".log" (stream, broker-1, ...). */
    public String label() {
        return log.getFileName().toString().replaceFirst("\\.log$", "");
    }

    /** SIGKILL, as a crash or an OOM killer would: no shutdown hook runs. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The exit code once it has ended. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Ended, and not in the way a finishing simulator ends. */
    public boolean failed() {
        OptionalInt code = exitCode();
        return code.isPresent() && !(mayFinish && code.getAsInt() == 0);
    }

    /** Waits up to {@code timeout} for it to end by itself; returns whether it has. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM, up to {@code grace} to exit, then SIGKILL. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last {@code lines} lines of its log, for the message when it died. */
    public List<String> tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }
}
