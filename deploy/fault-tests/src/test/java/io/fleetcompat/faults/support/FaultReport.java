package io.fleetcompat.faults.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The figures of one fault test run, printed and written to {@code target/fault-figures/<test>.txt}, from which
 * RELIABILITY.md's "last run" column is filled.
 */
public final class FaultReport {

    private final String test;
    private final Instant started = Instant.now();
    private final Map<String, Object> figures = new LinkedHashMap<>();

    public FaultReport(String test) {
        this.test = test;
    }

    public FaultReport put(String figure, Object value) {
        figures.put(figure, value);
        return this;
    }

    /** Writes what was gathered so far, with the wall time since the test began. */
    public void write() {
        figures.put("wall time s", Duration.between(started, Instant.now()).toSeconds());
        String text = test + ": " + figures.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining("; "));
        System.out.println("[fault figures] " + text);
        try {
            Path dir = Files.createDirectories(Path.of("target", "fault-figures"));
            Files.writeString(dir.resolve(test + ".txt"), text + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
