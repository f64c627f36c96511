package io.fleetcompat.launcher;

/** The launcher's exit codes; documented in deploy/README.md, so change them only together. */
public final class ExitCodes {

    /** The demo ran to the end of --duration (or a delegated component exited 0). */
    public static final int OK = 0;
    /** A run-time failure: a child died, the broker never became ready, a health check timed out. */
    public static final int FAILED = 1;
    /** Bad command line: usage on stderr. */
    public static final int USAGE = 2;
    /** A component's artifact is not built; the message names it and the build command. */
    public static final int COMPONENT_MISSING = 3;
    /** The demo was stopped by Ctrl-C (128 + SIGINT, as shells report it); children stopped, report printed. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
