package io.fleetcompat.dashboard.security;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.SmallRyeConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start the dashboard outside the demo profile (and the developers' dev and test profiles) while the
 * packaged demo session key or a packaged demo user is in force: anyone who read this repository could sign in or
 * forge a session. The failure is one line naming the setting to change (Quarkus prints a
 * {@link ConfigurationException}'s message alone, without a stack trace).
 */
@ApplicationScoped
public class DemoCredentialsGuard {

    public static final String DEMO_PROFILE = "demo";
    static final Set<String> PROFILES_WITH_DEMO_CREDENTIALS = Set.of(DEMO_PROFILE, "dev", "test");
    static final String SESSION_KEY = "quarkus.http.auth.session.encryption-key";
    static final String USERS_FILE = "quarkus.security.users.file.users";
    private static final String PREFIX = "fleetcompat dashboard: refusing to start outside the demo profile: ";

    private final Config config;

    public DemoCredentialsGuard(Config config) {
        this.config = config;
    }

    /** Before every other start-up observer: nothing reads Kafka or serves a page with demo credentials in force. */
    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        List<String> profiles = config.unwrap(SmallRyeConfig.class).getProfiles();
        if (profiles.stream().anyMatch(PROFILES_WITH_DEMO_CREDENTIALS::contains)) {
            return;
        }
        Optional<String> problem = problem(config.getOptionalValue(SESSION_KEY, String.class),
                config.getOptionalValue(USERS_FILE, String.class).orElse("users.properties"));
        if (problem.isPresent()) {
            throw new ConfigurationException(problem.get());
        }
    }

    /** What is wrong with these settings compared with the packaged ones; empty when nothing is. */
    static Optional<String> problem(Optional<String> sessionKey, String usersFile) {
        String packagedKey = resource("application.properties").get(SESSION_KEY);
        if (sessionKey.isPresent() && sessionKey.get().equals(packagedKey)) {
            return Optional.of(PREFIX + SESSION_KEY + " is the packaged demo key; set it (QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY) "
                    + "to 32 or more random characters, the same on every instance");
        }
        Map<String, String> demoUsers = resource("users.properties");
        Map<String, String> users = effectiveUsers(usersFile);
        String inForce = users.entrySet().stream().filter(e -> e.getValue().equals(demoUsers.get(e.getKey())))
                .map(Map.Entry::getKey).collect(Collectors.joining(", "));
        if (!inForce.isEmpty()) {
            return Optional.of(PREFIX + USERS_FILE + " (" + usersFile + ") gives the packaged demo users " + inForce
                    + " their demo passwords; put your own " + usersFile + " in the working directory (user="
                    + "HEX(MD5(user:fleetcompat:password))) or point " + USERS_FILE + " at it");
        }
        return Optional.empty();
    }

    /** As the properties-file realm finds it: a file at that path, else the classpath resource of that name. */
    private static Map<String, String> effectiveUsers(String usersFile) {
        Path path = Path.of(usersFile);
        if (Files.exists(path)) {
            try (InputStream in = Files.newInputStream(path)) {
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        return resource(usersFile);
    }

    private static Map<String, String> resource(String name) {
        URL url = DemoCredentialsGuard.class.getClassLoader().getResource(name);
        if (url == null) {
            return Map.of();
        }
        try (InputStream in = url.openStream()) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        }
    }

    private static Map<String, String> read(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).trim()));
        return values;
    }
}
