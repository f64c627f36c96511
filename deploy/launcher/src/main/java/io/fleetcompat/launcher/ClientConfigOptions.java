package io.fleetcompat.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Kafka client settings of a launcher command: a properties file (so secrets stay off the command line) and
 * single settings on top of it.
 */
public final class ClientConfigOptions {

    private static final Pattern HOST_PORTS = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client settings (properties file), e.g. security.protocol, sasl.*, ssl.*: keeps "
                    + "passwords off the command line.")
    Path commandConfig;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Kafka client setting; repeatable; overrides --command-config.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    /** Whether {@code servers} is a bootstrap list, {@code HOST:PORT[,HOST:PORT...]}. */
    static boolean isBootstrapList(String servers) {
        return HOST_PORTS.matcher(servers).matches();
    }

    /** The file's settings, then the single ones. @throws ParameterException (usage, exit 2) for an unreadable file */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (commandConfig != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(commandConfig, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--command-config " + commandConfig
                        + " cannot be read (" + e.getMessage() + ")");
            }
            properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name).trim()));
        }
        settings.putAll(kafkaProperties);
        return settings;
    }
}
