package io.fleetcompat.stream.replay;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Command line of {@link Replay}; an unknown or incomplete option names itself in the error.
 *
 * @param config a properties file of {@code fleet-stream.*} keys (the live instance's settings), or null
 */
record ReplayArgs(String bootstrapServers, String applicationId, Duration timeout, Path output, Path config) {

    static ReplayArgs parse(String[] args) {
        String bootstrap = null;
        String appId = null;
        Duration timeout = Duration.ofMinutes(5);
        Path output = null;
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--bootstrap-servers" -> bootstrap = value;
                case "--application-id" -> appId = value;
                case "--timeout" -> timeout = Duration.parse(value);
                case "--output" -> output = Path.of(value);
                case "--config" -> config = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option
                        + " (expected --bootstrap-servers, --application-id, --timeout, --output, --config)");
            }
        }
        if (bootstrap == null || appId == null) {
            throw new IllegalArgumentException("--bootstrap-servers and --application-id are required");
        }
        return new ReplayArgs(bootstrap, appId, timeout, output, config);
    }
}
