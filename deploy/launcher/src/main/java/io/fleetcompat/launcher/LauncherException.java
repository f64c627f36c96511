package io.fleetcompat.launcher;

/**
 * A failure the user can act on: its message is printed as one line (no stack trace) and the launcher
 * exits with {@link #exitCode()}.
 */
public final class LauncherException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public LauncherException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public LauncherException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static LauncherException failed(String message) {
        return new LauncherException(ExitCodes.FAILED, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
