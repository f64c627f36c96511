package io.fleetcompat.launcher;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs a component in the foreground with the launcher's terminal: it gets Ctrl-C itself (same process
 * group); the launcher waits for it and returns its exit code.
 */
final class ForegroundProcess {

    /** How long a Ctrl-C'd launcher waits for the component to stop on its own before killing it. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private ForegroundProcess() {
    }

    static int run(LaunchCommand command) {
        Process process;
        try {
            process = new ProcessBuilder(command.argv()).inheritIO().start();
        } catch (IOException e) {
            throw LauncherException.failed("cannot start " + command.component().key() + ": " + e.getMessage());
        }
        Thread stopper = new Thread(() -> stop(process), "fleet-foreground-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            return ExitCodes.FAILED;
        } finally {
            removeHook(stopper);
        }
    }

    private static void stop(Process process) {
        // Ctrl-C reached the component too; a plain SIGTERM to the launcher did not, so pass it on.
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook is running and will finish the job.
        }
    }
}
