package io.fleetcompat.launcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values filled into a component's command line. Absent values drop the tokens that use them, so
 * one template serves the demo (everything known) and {@code ./fleet <component> ARGS} (only the args).
 *
 * @param scenario the simulator's scenario: a built-in name or an absolute file path
 * @param duration how long the simulator runs, in seconds
 * @param controlGroupFraction the share of guests whose policy the simulated agents withhold
 * @param demo whether the component runs in the demo: only then its {@code demo-settings} are added
 * @param kafkaConfig the component's Kafka settings file (client settings with the component's key prefix; the
 *     broker's security file): secrets reach a component by this path, never on its command line
 */
public record CommandValues(Optional<String> bootstrap, Optional<Integer> port, Optional<Path> stateDir,
                            Optional<String> scenario, Optional<Long> seed, Optional<String> streamUrl,
                            Optional<Long> duration, Optional<Double> controlGroupFraction, boolean demo,
                            List<String> jvmArgs, List<String> args, Optional<Path> kafkaConfig) {

    public CommandValues {
        jvmArgs = List.copyOf(jvmArgs);
        args = List.copyOf(args);
    }

    /** For {@code ./fleet <component> ARGS}: {@code -D...} arguments go before the jar, the rest after it. */
    public static CommandValues passthrough(List<String> userArgs) {
        List<String> jvm = userArgs.stream().filter(a -> a.startsWith("-D")).toList();
        List<String> rest = userArgs.stream().filter(a -> !a.startsWith("-D")).toList();
        return new CommandValues(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, jvm, rest, Optional.empty());
    }

    /** For a demo child: everything known, no user args. */
    public static CommandValues forDemo(String bootstrap, Optional<Integer> port, Path stateDir,
                                        Optional<String> scenario, long seed, String streamUrl, long durationSeconds,
                                        double controlGroupFraction, Optional<Path> kafkaConfig) {
        return new CommandValues(Optional.of(bootstrap), port, Optional.of(stateDir), scenario, Optional.of(seed),
                Optional.of(streamUrl), Optional.of(durationSeconds), Optional.of(controlGroupFraction), true,
                List.of(), List.of(), kafkaConfig);
    }

    public CommandValues withBootstrap(String servers) {
        return new CommandValues(Optional.of(servers), port, stateDir, scenario, seed, streamUrl, duration,
                controlGroupFraction, demo, jvmArgs, args, kafkaConfig);
    }

    /** With {@code extra} as the arguments the component's {@code ${args}} receives. */
    public CommandValues withArgs(List<String> extra) {
        return new CommandValues(bootstrap, port, stateDir, scenario, seed, streamUrl, duration, controlGroupFraction,
                demo, jvmArgs, extra, kafkaConfig);
    }

    /** With another seed and run time (a simulator restarted by {@code ./fleet demo --chaos}). */
    public CommandValues withSeedAndDuration(long newSeed, long durationSeconds) {
        return new CommandValues(bootstrap, port, stateDir, scenario, Optional.of(newSeed), streamUrl,
                Optional.of(durationSeconds), controlGroupFraction, demo, jvmArgs, args, kafkaConfig);
    }

    public CommandValues withPort(int value) {
        return new CommandValues(bootstrap, Optional.of(value), stateDir, scenario, seed, streamUrl, duration,
                controlGroupFraction, demo, jvmArgs, args, kafkaConfig);
    }

    /** The single-valued placeholders that are set, by name. */
    Map<String, String> scalars() {
        Map<String, String> values = new HashMap<>();
        bootstrap.ifPresent(v -> values.put("bootstrap", v));
        port.ifPresent(v -> values.put("port", Integer.toString(v)));
        stateDir.ifPresent(v -> values.put("stateDir", v.toAbsolutePath().toString()));
        scenario.ifPresent(v -> values.put("scenario", v));
        seed.ifPresent(v -> values.put("seed", Long.toString(v)));
        streamUrl.ifPresent(v -> values.put("streamUrl", v));
        duration.ifPresent(v -> values.put("duration", Long.toString(v)));
        controlGroupFraction.ifPresent(v -> values.put("controlGroupFraction", Double.toString(v)));
        return values;
    }
}
