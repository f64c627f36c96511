package io.fleetcompat.launcher.demo;

import io.fleetcompat.kafka.embedded.security.ClientAuthentication;
import io.fleetcompat.kafka.embedded.security.ClusterAcls;
import io.fleetcompat.kafka.embedded.security.OwnerOnlyFiles;
import io.fleetcompat.kafka.embedded.security.ScramUsers;
import io.fleetcompat.kafka.embedded.security.SecurityMaterial;
import io.fleetcompat.launcher.Component;
import io.fleetcompat.launcher.ComponentCommands;
import io.fleetcompat.launcher.ComponentPrincipals;
import io.fleetcompat.launcher.LauncherException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * How the demo's processes reach Kafka: the client settings of the launcher itself and of each component, handed to
 * a component as an owner-only settings file in {@code <run dir>/client-config/} (never on its command line, where
 * {@code ps} shows it to every user). With {@code --secure}, a throw-away CA, certificates and passwords in
 * {@code <run dir>/secrets/}, the broker's security file, one SCRAM login per component kind, and the ACLs of each.
 */
public final class KafkaAccess {

    static final String SECRETS_DIR = "secrets";
    static final String CLIENT_CONFIG_DIR = "client-config";
    /** The administrator's settings, written for the operator's own tools (kafka-topics, kafka-console-consumer). */
    static final String ADMIN_CONFIG = "admin.properties";
    private static final Duration PROVISION_TIMEOUT = Duration.ofSeconds(60);
    private static final Map<Component, String> PRINCIPALS = Map.of(
            Component.STREAM, ComponentPrincipals.STREAM_USER,
            Component.DASHBOARD, ComponentPrincipals.DASHBOARD_USER,
            Component.SIMULATE, ComponentPrincipals.AGENT_USER);

    private final Path runDir;
    private final ComponentCommands commands;
    private final Map<String, String> userSettings;
    private final Optional<SecurityMaterial> material;

    private KafkaAccess(Path runDir, ComponentCommands commands, Map<String, String> userSettings,
                        Optional<SecurityMaterial> material) {
        this.runDir = runDir;
        this.commands = commands;
        this.userSettings = Map.copyOf(userSettings);
        this.material = material;
    }

    /** With {@code options.secure()}, creates the security material in the run dir (or reuses what it holds). */
    static KafkaAccess prepare(DemoOptions options, ComponentCommands commands) {
        if (!options.secure()) {
            return new KafkaAccess(options.runDir(), commands, options.kafkaProperties(), Optional.empty());
        }
        try {
            SecurityMaterial material = SecurityMaterial.createOrLoad(options.runDir().resolve(SECRETS_DIR),
                    ClientAuthentication.SCRAM, List.copyOf(PRINCIPALS.values()), List.of());
            return new KafkaAccess(options.runDir(), commands, options.kafkaProperties(), Optional.of(material));
        } catch (IOException | IllegalStateException e) {
            throw LauncherException.failed("cannot prepare the secured broker's material: " + e.getMessage());
        }
    }

    boolean secure() {
        return material.isPresent();
    }

    /** The broker's security file ({@code --security}); empty: PLAINTEXT. */
    Optional<Path> brokerConfig() {
        return material.map(SecurityMaterial::brokerSecurityFile);
    }

    /** The launcher's own clients (topics, users, ACLs, the report): the administrator when secure. */
    Map<String, String> launcherSettings() {
        return settingsOf(SecurityMaterial.ADMIN);
    }

    /**
     * Once the broker is up: creates each component kind's SCRAM login and its ACLs, and writes the administrator's
     * settings for the operator ({@link #ADMIN_CONFIG}). Does nothing on PLAINTEXT.
     *
     * @return whether it did anything
     */
    boolean provision(String bootstrap) throws InterruptedException {
        if (material.isEmpty()) {
            return false;
        }
        Map<String, Object> admin = new HashMap<>(launcherSettings());
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "fleet-demo-security");
        try {
            ScramUsers.upsert(admin, material.get().clientLogins(), PROVISION_TIMEOUT);
            ClusterAcls.apply(admin, ComponentPrincipals.defaults().acls(), PROVISION_TIMEOUT);
        } catch (IllegalStateException e) {
            throw LauncherException.failed("cannot create the demo's users and ACLs: " + e.getMessage());
        }
        write(ADMIN_CONFIG, "", launcherSettings());
        return true;
    }

    /** The component's settings file, with the key prefix it expects; empty when it has no settings to get. */
    Optional<Path> componentConfig(Component component) {
        Map<String, String> settings = PRINCIPALS.containsKey(component) ? settingsOf(PRINCIPALS.get(component)) : userSettings;
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(write(component.key() + ".properties", commands.kafkaPrefix(component), settings));
    }

    /** The user's settings, under the principal's login when secure (the login wins over a user's security key). */
    private Map<String, String> settingsOf(String principal) {
        Map<String, String> settings = new LinkedHashMap<>(userSettings);
        material.ifPresent(m -> settings.putAll(m.clientSettings(principal)));
        return settings;
    }

    private Path write(String name, String prefix, Map<String, String> settings) {
        Path file = runDir.resolve(CLIENT_CONFIG_DIR).resolve(name);
        Properties properties = new Properties();
        settings.forEach((key, value) -> properties.setProperty(prefix + key, value));
        try {
            OwnerOnlyFiles.directory(file.getParent());
            OwnerOnlyFiles.create(file);
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(writer, "Kafka client settings written by ./fleet demo; may hold secrets");
            }
            return file;
        } catch (IOException e) {
            throw LauncherException.failed("cannot write " + file + ": " + e.getMessage());
        }
    }
}
