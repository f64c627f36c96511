package io.fleetcompat.launcher;

import java.util.List;
import java.util.Optional;

/**
 * A component's command line, ready to start.
 *
 * @param healthUrl the readiness URL to poll before the component counts as started; empty: alive is enough
 */
public record LaunchCommand(Component component, List<String> argv, Optional<String> healthUrl) {

    public LaunchCommand {
        argv = List.copyOf(argv);
    }
}
