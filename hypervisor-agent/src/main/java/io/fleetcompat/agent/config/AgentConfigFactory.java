package io.fleetcompat.agent.config;

import io.fleetcompat.agent.events.HostIdentity;
import io.fleetcompat.agent.host.EdgeFailsafe;
import io.fleetcompat.agent.host.EdgeFailsafeModes;
import io.fleetcompat.agent.outbox.FsyncPolicy;
import io.fleetcompat.agent.outbox.OutboxSettings;
import io.fleetcompat.agent.policy.PolicyVerification;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.schema.signing.KeyFileException;
import io.fleetcompat.schema.signing.TrustedPolicyKeys;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds an {@link AgentConfig} from settings keyed as in {@link ConfigKey} (a properties file, overridden by
 * command-line options), checking every value; the first bad one raises a {@link ConfigException} naming it.
 */
public final class AgentConfigFactory {

    /** Client settings the agent's guarantees depend on: a passthrough must not change them. */
    private static final Set<String> FIXED_KAFKA_SETTINGS = Set.of("bootstrap.servers", "enable.idempotence",
            "acks", "key.serializer", "value.serializer", "key.deserializer", "value.deserializer",
            "enable.auto.commit", "group.id", "transactional.id");
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s,:]+:\\d{1,5}");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG]?)");

    private AgentConfigFactory() {
    }

    /** Reads a properties file (UTF-8) into a settings map. */
    public static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("--config", file.toString(), "cannot read it (" + e.getMessage() + ")");
        }
        Map<String, String> settings = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name).trim()));
        return settings;
    }

    public static AgentConfig fromSettings(Map<String, String> settings) {
        rejectUnknownKeys(settings);
        Settings s = new Settings(settings);
        String bootstrap = s.get(ConfigKey.BOOTSTRAP_SERVERS);
        if (Arrays.stream(bootstrap.split(",")).map(String::trim).anyMatch(server -> !HOST_PORT.matcher(server).matches())) {
            throw s.invalid(ConfigKey.BOOTSTRAP_SERVERS, "expected comma-separated host:port pairs");
        }
        HostIdentity host = new HostIdentity(hostId(s), xenProfile(s), bool(s, ConfigKey.FIFO_BUILT_IN));
        long segmentBytes = size(s, ConfigKey.OUTBOX_SEGMENT_BYTES, 1024);
        long maxBytes = size(s, ConfigKey.OUTBOX_MAX_BYTES, 2 * segmentBytes);
        OutboxSettings outbox = new OutboxSettings(path(s, ConfigKey.OUTBOX_DIR), maxBytes, segmentBytes, fsync(s));
        double sampleRate = fraction(s, ConfigKey.HYPERCALL_SAMPLE_RATE);
        return new AgentConfig(bootstrap, host, outbox, millis(s, ConfigKey.HEARTBEAT_INTERVAL_MS), sampleRate,
                longValue(s, ConfigKey.HYPERCALL_SAMPLE_SEED), path(s, ConfigKey.POLICY_TABLE_FILE),
                kafkaPassthrough(settings), edgeFailsafe(s), policyVerification(s));
    }

    /** REQUIRED needs at least one trusted key, or no directive would ever be applied. */
    private static PolicyVerification policyVerification(Settings s) {
        String mode = s.get(ConfigKey.POLICY_VERIFY).toUpperCase(Locale.ROOT);
        if (mode.equals("OFF")) {
            return PolicyVerification.off();
        }
        if (!mode.equals("REQUIRED")) {
            throw s.invalid(ConfigKey.POLICY_VERIFY, "expected REQUIRED or OFF");
        }
        List<Path> paths = new ArrayList<>();
        for (String item : s.get(ConfigKey.POLICY_TRUSTED_KEYS).split(",")) {
            if (!item.isBlank()) {
                try {
                    paths.add(Path.of(item.trim()));
                } catch (InvalidPathException e) {
                    throw s.invalid(ConfigKey.POLICY_TRUSTED_KEYS, "expected file system paths (" + e.getReason() + ")");
                }
            }
        }
        if (paths.isEmpty()) {
            throw new ConfigException(ConfigKey.POLICY_TRUSTED_KEYS.key(), null, "required while "
                    + ConfigKey.POLICY_VERIFY.key() + " is REQUIRED (" + ConfigKey.POLICY_TRUSTED_KEYS.option()
                    + "): the public keys of fleet-stream's policy signing keys");
        }
        try {
            return PolicyVerification.required(TrustedPolicyKeys.load(paths));
        } catch (KeyFileException e) {
            throw s.invalid(ConfigKey.POLICY_TRUSTED_KEYS, "no usable Ed25519 public keys: " + e.getMessage());
        }
    }

    private static EdgeFailsafeModes edgeFailsafe(Settings s) {
        EdgeFailsafe.Mode defaultMode = failsafeMode(s.get(ConfigKey.EDGE_FAILSAFE_MODE))
                .orElseThrow(() -> s.invalid(ConfigKey.EDGE_FAILSAFE_MODE, "expected ENFORCE, ADVISE, OBSERVE or OFF"));
        Map<String, EdgeFailsafe.Mode> byFamily = new HashMap<>();
        String overrides = s.get(ConfigKey.EDGE_FAILSAFE_FAMILIES);
        for (String pair : overrides.isEmpty() ? new String[0] : overrides.split(",")) {
            String[] parts = pair.split("=", 2);
            Optional<EdgeFailsafe.Mode> mode = parts.length == 2 ? failsafeMode(parts[1]) : Optional.empty();
            if (parts[0].isBlank() || mode.isEmpty() || byFamily.put(parts[0].trim(), mode.get()) != null) {
                throw s.invalid(ConfigKey.EDGE_FAILSAFE_FAMILIES,
                        "expected distinct FAMILY=MODE pairs with MODE one of ENFORCE, ADVISE, OBSERVE, OFF");
            }
        }
        return new EdgeFailsafeModes(defaultMode, byFamily);
    }

    /** OBSERVE reports as ADVISE does: the fail-safe then never changes a domain. */
    private static Optional<EdgeFailsafe.Mode> failsafeMode(String value) {
        String mode = value.trim().toUpperCase(Locale.ROOT);
        return switch (mode) {
            case "ENFORCE" -> Optional.of(EdgeFailsafe.Mode.ENFORCE);
            case "ADVISE", "OBSERVE" -> Optional.of(EdgeFailsafe.Mode.ADVISE);
            case "OFF" -> Optional.of(EdgeFailsafe.Mode.OFF);
            default -> Optional.empty();
        };
    }

    private static void rejectUnknownKeys(Map<String, String> settings) {
        Set<String> known = Arrays.stream(ConfigKey.values()).map(ConfigKey::key).collect(Collectors.toSet());
        for (String key : new TreeMap<>(settings).keySet()) {
            if (!known.contains(key) && !key.startsWith(ConfigKey.KAFKA_PREFIX)) {
                throw new ConfigException(key, settings.get(key), "unknown setting (Kafka client settings take the prefix "
                        + ConfigKey.KAFKA_PREFIX + ")");
            }
        }
    }

    private static String hostId(Settings s) {
        String id = s.get(ConfigKey.HOST_ID);
        if (id.isBlank() || id.length() > 255 || id.chars().anyMatch(Character::isISOControl)) {
            throw s.invalid(ConfigKey.HOST_ID, "expected 1 to 255 printable characters");
        }
        return id;
    }

    private static XenProfile xenProfile(Settings s) {
        String name = s.get(ConfigKey.XEN_PROFILE);
        String allowed = Arrays.stream(XenProfile.values()).filter(p -> p != XenProfile.UNKNOWN)
                .map(Enum::name).collect(Collectors.joining(", "));
        try {
            XenProfile profile = XenProfile.valueOf(name.toUpperCase(Locale.ROOT));
            if (profile != XenProfile.UNKNOWN) {
                return profile;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the allowed names
        }
        throw s.invalid(ConfigKey.XEN_PROFILE, "expected one of " + allowed);
    }

    private static FsyncPolicy fsync(Settings s) {
        String mode = s.get(ConfigKey.OUTBOX_FSYNC_POLICY).toUpperCase(Locale.ROOT);
        switch (mode) {
            case "ALWAYS":
                return FsyncPolicy.always();
            case "EVERY_N":
                long n = longValue(s, ConfigKey.OUTBOX_FSYNC_EVERY_N);
                if (n < 1 || n > Integer.MAX_VALUE) {
                    throw s.invalid(ConfigKey.OUTBOX_FSYNC_EVERY_N, "expected a positive number of appends");
                }
                return FsyncPolicy.everyN((int) n);
            case "INTERVAL":
                return FsyncPolicy.interval(millis(s, ConfigKey.OUTBOX_FSYNC_INTERVAL_MS));
            default:
                throw s.invalid(ConfigKey.OUTBOX_FSYNC_POLICY, "expected ALWAYS, EVERY_N or INTERVAL");
        }
    }

    private static boolean bool(Settings s, ConfigKey key) {
        String value = s.get(key).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw s.invalid(key, "expected true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static long size(Settings s, ConfigKey key, long minimum) {
        var matcher = SIZE.matcher(s.get(key));
        if (!matcher.matches()) {
            throw s.invalid(key, "expected a size in bytes, optionally with suffix k, m or g");
        }
        int shift = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long bytes;
        try {
            bytes = Math.multiplyExact(Long.parseLong(matcher.group(1)), 1L << shift);
        } catch (ArithmeticException | NumberFormatException e) {
            throw s.invalid(key, "size too large");
        }
        if (bytes < minimum) {
            throw s.invalid(key, "expected at least " + minimum + " bytes");
        }
        return bytes;
    }

    private static Duration millis(Settings s, ConfigKey key) {
        long ms = longValue(s, key);
        if (ms < 1) {
            throw s.invalid(key, "expected a positive number of milliseconds");
        }
        return Duration.ofMillis(ms);
    }

    private static double fraction(Settings s, ConfigKey key) {
        try {
            double value = Double.parseDouble(s.get(key));
            if (value >= 0.0 && value <= 1.0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw s.invalid(key, "expected a number between 0 and 1");
    }

    private static long longValue(Settings s, ConfigKey key) {
        try {
            return Long.parseLong(s.get(key));
        } catch (NumberFormatException e) {
            throw s.invalid(key, "expected a whole number");
        }
    }

    private static Path path(Settings s, ConfigKey key) {
        try {
            return Path.of(s.get(key));
        } catch (InvalidPathException e) {
            throw s.invalid(key, "expected a file system path (" + e.getReason() + ")");
        }
    }

    private static Map<String, String> kafkaPassthrough(Map<String, String> settings) {
        Map<String, String> passthrough = new HashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(ConfigKey.KAFKA_PREFIX)) {
                String clientKey = key.substring(ConfigKey.KAFKA_PREFIX.length());
                if (clientKey.isEmpty() || FIXED_KAFKA_SETTINGS.contains(clientKey)) {
                    throw new ConfigException(key, value, "the agent sets " + (clientKey.isEmpty() ? "this" : clientKey)
                            + " itself (idempotent producer, acks=all, assigned consumer); use "
                            + ConfigKey.BOOTSTRAP_SERVERS.key() + " for the servers");
                }
                passthrough.put(clientKey, value);
            }
        });
        return passthrough;
    }

    /** The raw settings with defaults applied; names the key of any bad value. */
    private record Settings(Map<String, String> raw) {

        String get(ConfigKey key) {
            String value = raw.get(key.key());
            if (value == null || value.isBlank()) {
                if (key.defaultValue() == null) {
                    throw new ConfigException(key.key(), null, "required (" + key.option() + "); " + key.doc());
                }
                return key.defaultValue();
            }
            return value.trim();
        }

        ConfigException invalid(ConfigKey key, String expectation) {
            return new ConfigException(key.key(), get(key), expectation);
        }
    }
}
