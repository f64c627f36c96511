package io.fleetcompat.agent.sim;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
    /**
     * The race: images rest 0-2 s and the legacy hosts retire at 4 s, so resumes of 2-level images on FIFO hosts come
     * faster than a denial can travel agent → Kafka → fleet-stream → Kafka → agent; the edge fail-safe protects them.
     */
    public static final String RACE = "scenarios/race.json";

    /** The scenarios built into the agent, by the name {@code --scenario} takes. */
    public static final Map<String, String> BUILT_IN = Map.of(
            "demo", DEMO, "small", SMALL, "story", STORY, "race", RACE);

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

    /** A built-in scenario by name ({@link #BUILT_IN}), or else a scenario file at that path. */
    public static Scenario byNameOrPath(String value) {
        String resource = BUILT_IN.get(value);
        return resource != null ? resource(resource) : read(Path.of(value));
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
