package io.fleetcompat.stream.replay;

import io.fleetcompat.stream.topology.FleetStreamConfig;
import io.fleetcompat.stream.topology.FleetStreamSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The live app's {@code fleet-stream.*} settings, for a replay: a replay under other settings than the live
 * instance's (e.g. the demo's auto-approve and four waves) would not rebuild its state. Read with SmallRye Config,
 * as Quarkus reads them, from the same sources: the application.properties packaged with fleet-stream, environment
 * variables and {@code -D} system properties, plus an optional properties file ({@code --config}) that overrides
 * the packaged one and is overridden by the environment and system properties.
 */
final class ReplayConfig {

    /** Quarkus's packaged application.properties. */
    private static final int PACKAGED_ORDINAL = 250;
    /** Above the packaged file, below environment variables (300) and system properties (400). */
    private static final int FILE_ORDINAL = 270;

    private ReplayConfig() {
    }

    /** @param file a properties file of {@code fleet-stream.*} keys, or null */
    static FleetStreamConfig load(Path file) {
        try {
            SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                    .addDefaultSources()
                    .withMapping(FleetStreamSettings.class);
            URL packaged = ReplayConfig.class.getClassLoader().getResource("application.properties");
            if (packaged != null) {
                builder.withSources(new PropertiesConfigSource(packaged, PACKAGED_ORDINAL));
            }
            if (file != null) {
                builder.withSources(new PropertiesConfigSource(file.toUri().toURL(), FILE_ORDINAL));
            }
            return builder.build().getConfigMapping(FleetStreamSettings.class).toConfig();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the replay configuration " + file, e);
        }
    }
}
