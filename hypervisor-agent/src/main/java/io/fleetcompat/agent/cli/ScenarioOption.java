package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.config.ConfigException;
import io.fleetcompat.agent.sim.Scenario;
import io.fleetcompat.agent.sim.ScenarioFiles;
import java.io.UncheckedIOException;
import java.util.TreeSet;

/** The {@code --scenario} option: {@code demo}, {@code small}, {@code story} (checked in) or a JSON file. */
final class ScenarioOption {

    static final String NAME = "--scenario";

    private ScenarioOption() {
    }

    /** @throws ConfigException naming the option, in one line, when the scenario cannot be read or is invalid */
    static Scenario read(String value) {
        try {
            return ScenarioFiles.byNameOrPath(value);
        } catch (UncheckedIOException e) {
            throw new ConfigException(NAME, value, String.join(", ", new TreeSet<>(ScenarioFiles.BUILT_IN.keySet()))
                    + " or a readable scenario file (" + firstLine(e) + ")");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(NAME, value, firstLine(e));
        }
    }

    // Jackson appends the source location on further lines; the CLI answers in one.
    private static String firstLine(Exception e) {
        Throwable cause = e.getCause() != null && e instanceof UncheckedIOException ? e.getCause() : e;
        String message = String.valueOf(cause.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
