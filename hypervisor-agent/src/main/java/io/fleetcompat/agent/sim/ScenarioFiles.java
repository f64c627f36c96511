package io.fleetcompat.agent.sim;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads scenario files (JSON); unknown keys are errors so a misspelt rate is not silently ignored. Omitted
 * numbers are 0 (seed, weights, control group).
 */
public final class ScenarioFiles {

    /** The demo scenario checked in with the agent. */
    public static final String DEMO = "scenarios/demo.json";
    /** A small scenario for tests and quick runs. */
    public static final String SMALL = "scenarios/small.json";
    /** The story `./fleet demo` tells in a minute: FIFO-aware guests hibernate on legacy hosts, which retire at 25 s. */
    public static final String STORY = "scenarios/story.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ScenarioFiles() {
    }

    public static Scenario read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + file, e);
        }
    }

    /** A scenario on the classpath, e.g. {@link #DEMO}. */
    public static Scenario resource(String name) {
        try (InputStream in = ScenarioFiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no scenario resource " + name);
            }
            return read(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + name, e);
        }
    }

    private static Scenario read(InputStream in, String source) throws IOException {
        try {
            return MAPPER.readValue(in, Scenario.class);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new IllegalArgumentException(source + ": " + cause.getMessage(), e);
        }
    }
}
