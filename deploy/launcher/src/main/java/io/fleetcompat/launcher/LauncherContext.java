package io.fleetcompat.launcher;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What every sub-command needs from the outside: the repository root (component artifacts are
 * relative to it) and where to print.
 */
public record LauncherContext(Path home, PrintWriter out, PrintWriter err) {

    public ComponentCommands components() {
        return ComponentCommands.load(home);
    }
}
