package io.fleetcompat.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The project version, filtered into launcher-build.properties by Maven; component jars carry it in their names. */
public final class LauncherVersion implements IVersionProvider {

    private static final String RESOURCE = "launcher-build.properties";

    public static String current() {
        try (InputStream in = LauncherVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the launcher jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("project.version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"fleet " + current()};
    }
}
