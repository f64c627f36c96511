package io.fleetcompat.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every component's command line, read from {@code components.properties} (the one place to adjust
 * flags when a component changes; the file documents its placeholders). Knows where each component's
 * artifact is and refuses, with the build command, to start one that is not built.
 */
public final class ComponentCommands {

    /** System property naming a file that replaces the bundled components.properties. */
    public static final String OVERRIDE_PROPERTY = "fleet.components";
    static final String RESOURCE = "components.properties";
    static final String BUILD_HINT = "build it with ./mvnw -B -DskipTests install (./fleet demo builds what is missing)";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");
    private static final Set<String> LIST_PLACEHOLDERS = Set.of("jvmArgs", "args", "kafkaConfig", "demoSettings");
    private static final Set<String> SCALAR_PLACEHOLDERS = Set.of("java", "home", "version", "launcherClasspath",
            "artifact", "bootstrap", "port", "stateDir", "scenario", "seed", "streamUrl", "duration",
            "controlGroupFraction");

    /**
     * @param kafkaConfig how the component is given its Kafka settings file ({@code ${file}} in the tokens)
     * @param kafkaPrefix what the component expects before each Kafka client key in that file
     * @param demoSettings tokens added only in the demo (demo-sized rollout thresholds, not production's)
     */
    private record Template(Optional<String> artifact, List<String> command, List<String> kafkaConfig,
                            String kafkaPrefix, List<String> demoSettings, Optional<String> healthPath) {
    }

    private final Map<Component, Template> templates;
    private final Path home;
    private final Map<String, String> fixed;

    private ComponentCommands(Map<Component, Template> templates, Path home, Map<String, String> fixed) {
        this.templates = templates;
        this.home = home;
        this.fixed = fixed;
    }

    /** The bundled file (or the {@value #OVERRIDE_PROPERTY} file) for this JVM's java and classpath. */
    public static ComponentCommands load(Path home) {
        Path javaHome = Path.of(System.getProperty("java.home"));
        return from(readProperties(), home, LauncherVersion.current(), javaHome.resolve("bin").resolve("java").toString(),
                System.getProperty("java.class.path"));
    }

    /** @throws LauncherException if a component's entry is missing or uses an unknown placeholder */
    public static ComponentCommands from(Properties properties, Path home, String version, String java, String launcherClasspath) {
        Map<Component, Template> templates = new EnumMap<>(Component.class);
        for (Component component : Component.values()) {
            templates.put(component, template(properties, component));
        }
        return new ComponentCommands(templates, home.toAbsolutePath().normalize(), Map.of(
                "java", java, "home", home.toAbsolutePath().normalize().toString(), "version", version,
                "launcherClasspath", launcherClasspath));
    }

    /** The artifact the component runs from, if it has one of its own. */
    public Optional<Path> artifact(Component component) {
        return templates.get(component).artifact()
                .map(path -> home.resolve(path.replace("${version}", fixed.get("version"))).normalize());
    }

    /** @throws LauncherException (exit 3) naming the component and the missing file */
    public void requireAvailable(Component component) {
        Optional<Path> artifact = artifact(component);
        if (artifact.isPresent() && !Files.isRegularFile(artifact.get())) {
            throw new LauncherException(ExitCodes.COMPONENT_MISSING, "component " + component.key() + " ("
                    + component.description() + ") is not built/available: " + home.relativize(artifact.get())
                    + " not found; " + BUILD_HINT);
        }
    }

    /** The command line with {@code values} filled in; tokens whose placeholders have no value are left out. */
    public LaunchCommand command(Component component, CommandValues values) {
        Template template = templates.get(component);
        Map<String, String> scalars = new HashMap<>(fixed);
        scalars.putAll(values.scalars());
        artifact(component).ifPresent(path -> scalars.put("artifact", path.toString()));
        List<String> argv = new ArrayList<>();
        for (String token : template.command()) {
            switch (token) {
                case "${jvmArgs}" -> argv.addAll(values.jvmArgs());
                case "${args}" -> argv.addAll(values.args());
                case "${kafkaConfig}" -> values.kafkaConfig().ifPresent(file -> template.kafkaConfig()
                        .forEach(t -> argv.add(t.replace("${file}", file.toAbsolutePath().toString()))));
                case "${demoSettings}" -> argv.addAll(values.demo() ? template.demoSettings() : List.of());
                default -> fill(token, scalars).ifPresent(argv::add);
            }
        }
        Optional<String> health = template.healthPath().flatMap(path -> values.port()
                .map(port -> "http://127.0.0.1:" + port + path));
        return new LaunchCommand(component, argv, health);
    }

    /** The prefix the component's Kafka settings file puts before each client key, e.g. {@code kafka-streams.}. */
    public String kafkaPrefix(Component component) {
        return templates.get(component).kafkaPrefix();
    }

    private static Optional<String> fill(String token, Map<String, String> scalars) {
        Matcher matcher = PLACEHOLDER.matcher(token);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = scalars.get(matcher.group(1));
            if (value == null) {
                return Optional.empty();
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        return Optional.of(filled.toString());
    }

    private static Template template(Properties properties, Component component) {
        String command = required(properties, component.key() + ".command");
        List<String> tokens = split(command);
        for (String token : tokens) {
            Matcher matcher = PLACEHOLDER.matcher(token);
            while (matcher.find()) {
                String name = matcher.group(1);
                boolean wholeListToken = LIST_PLACEHOLDERS.contains(name) && token.equals("${" + name + "}");
                if (!wholeListToken && !SCALAR_PLACEHOLDERS.contains(name)) {
                    throw new LauncherException(ExitCodes.FAILED, RESOURCE + ": " + component.key()
                            + ".command uses ${" + name + "}, which is unknown or must be a whole token");
                }
            }
        }
        return new Template(optional(properties, component.key() + ".artifact"), tokens,
                split(properties.getProperty(component.key() + ".kafka-config", "")),
                properties.getProperty(component.key() + ".kafka-prefix", "").trim(),
                split(properties.getProperty(component.key() + ".demo-settings", "")),
                optional(properties, component.key() + ".health"));
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new LauncherException(ExitCodes.FAILED, RESOURCE + " has no " + key);
        }
        return value.trim();
    }

    private static Optional<String> optional(Properties properties, String key) {
        String value = properties.getProperty(key, "").trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static List<String> split(String text) {
        String trimmed = text.trim();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }

    private static Properties readProperties() {
        String override = System.getProperty(OVERRIDE_PROPERTY);
        Properties properties = new Properties();
        try (InputStream in = override != null ? Files.newInputStream(Path.of(override))
                : ComponentCommands.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new LauncherException(ExitCodes.FAILED, RESOURCE + " is missing from the launcher jar");
            }
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new LauncherException(ExitCodes.FAILED, "cannot read " + (override != null ? override : RESOURCE)
                    + ": " + e.getMessage(), e);
        }
    }
}
